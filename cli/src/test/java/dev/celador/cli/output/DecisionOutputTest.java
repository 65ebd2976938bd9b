package dev.celador.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.api.TraceEntry.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionOutputTest {

  private static final Decision DENIED =
      new Decision(
          false,
          403,
          "shop/no-deletes",
          "delete-needs-admin",
          List.of("deletes are reserved"),
          Map.of(),
          List.of(),
          Map.of("x-b", "2", "x-a", "1"),
          false,
          List.of(
              new TraceEntry(
                  "shop/no-deletes", "delete-needs-admin", "DENY", false, Result.MATCH, ""),
              new TraceEntry(
                  "billing/iso", "", "ALLOW", false, Result.NOT_SELECTED, "not selected")),
          List.of());

  @Test
  void json_denied_hasStableFieldOrderAndSortedMaps() {
    String json = DecisionJson.render(DENIED);

    assertThat(json)
        .isEqualTo(
            """
            {
              "type" : "ext_authz",
              "allowed" : false,
              "effect" : "deny",
              "status" : 403,
              "policy" : "shop/no-deletes",
              "rule" : "delete-needs-admin",
              "reasons" : [ "deletes are reserved" ],
              "headers" : { },
              "headers_to_remove" : [ ],
              "response_headers" : {
                "x-a" : "1",
                "x-b" : "2"
              },
              "evaluation_error" : false,
              "trace" : [ {
                "policy" : "shop/no-deletes",
                "rule" : "delete-needs-admin",
                "action" : "DENY",
                "dry_run" : false,
                "result" : "match",
                "detail" : ""
              }, {
                "policy" : "billing/iso",
                "rule" : "",
                "action" : "ALLOW",
                "dry_run" : false,
                "result" : "not_selected",
                "detail" : "not selected"
              } ],
              "audits" : [ ]
            }
            """);
  }

  @Test
  void text_denied_summaryReasonsAndAlignedTrace() {
    String text = DecisionText.render(DENIED);

    assertThat(text)
        .isEqualTo(
            """
            DENY 403  shop/no-deletes  rule=delete-needs-admin
            reasons:
              deletes are reserved
            response headers:
              x-a: 1
              x-b: 2
            trace:
              POLICY           RULE                ACTION  RESULT        DETAIL
              shop/no-deletes  delete-needs-admin  DENY    match
              billing/iso      -                   ALLOW   not_selected  not selected
            """);
  }

  @Test
  void text_allowedWithoutPolicy_saysNoPolicyDecided() {
    Decision allowed =
        new Decision(
            true,
            200,
            "",
            "",
            List.of(),
            Map.of("x-caller", "me"),
            List.of("x-other"),
            Map.of(),
            false,
            List.of(),
            List.of(new TraceEntry("p/a", "r", "AUDIT", true, Result.MATCH, "")));

    assertThat(DecisionText.render(allowed))
        .isEqualTo(
            """
            ALLOW 200  (no policy decided)
            headers:
              x-caller: me
            headers to remove:
              x-other
            audit matches (never enforced):
              p/a  rule=r  AUDIT (dry-run)
            """);
  }

  @Test
  void summary_evaluationError_isFlagged() {
    Decision failed =
        new Decision(
            false, 403, "a/b", "r", List.of(), Map.of(), List.of(), Map.of(), true, List.of(),
            List.of());

    assertThat(DecisionText.summary(failed)).isEqualTo("DENY 403  a/b  rule=r  (evaluation error)");
  }
}
