package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HttpExpectationTest {

  private static final Decision ALLOWED =
      new Decision(
          true,
          200,
          "shop/orders",
          "reads",
          List.of("allowed by shop/orders rule reads"),
          Map.of("X-Caller", "spiffe://cluster.local/ns/web/sa/frontend"),
          List.of("x-user"),
          Map.of(),
          false,
          List.of(),
          List.of(
              new TraceEntry(
                  "platform/audit", "no-id", "AUDIT", false, TraceEntry.Result.MATCH, "")));

  private static HttpExpectation expect(
      Map<String, String> headers, List<String> remove, Optional<List<String>> audits) {
    return new HttpExpectation(
        Optional.of(true),
        Optional.of(200),
        Optional.of("shop/orders"),
        Optional.of("reads"),
        Optional.empty(),
        Optional.of(Pattern.compile("rule reads$")),
        headers,
        remove,
        audits);
  }

  @Test
  void check_everyFieldAsExpected_noMismatches() {
    HttpExpectation expectation =
        expect(
            Map.of("x-caller", "spiffe://cluster.local/ns/web/sa/frontend"),
            List.of("X-User"),
            Optional.of(List.of("platform/audit rule=no-id")));

    assertThat(expectation.check(ALLOWED)).isEmpty();
  }

  @Test
  void check_headersAndAuditsDiffer_listsEach() {
    HttpExpectation expectation =
        expect(Map.of("x-caller", "someone else"), List.of("x-tenant"), Optional.of(List.of()));

    assertThat(expectation.check(ALLOWED))
        .containsExactly(
            new Mismatch(
                "headers[\"x-caller\"]",
                "\"someone else\"",
                "\"spiffe://cluster.local/ns/web/sa/frontend\""),
            new Mismatch("headersToRemove", "contains \"x-tenant\"", "[\"x-user\"]"),
            new Mismatch("audits", "[]", "[\"platform/audit rule=no-id\"]"));
  }

  @Test
  void check_onlyGivenFieldsAreChecked() {
    HttpExpectation onlyDenied =
        new HttpExpectation(
            Optional.of(false),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            List.of(),
            Optional.empty());

    assertThat(onlyDenied.check(ALLOWED)).containsExactly(new Mismatch("allowed", "false", "true"));
  }
}
