package dev.celador.engine.internal.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.json.JsonText;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionEnvelopeTest {

  private static final Instant TIME = Instant.parse("2026-07-01T10:00:00Z");

  private static String line(DecisionEnvelope envelope) {
    return JsonText.compact(
        json -> {
          envelope.start(json);
          json.writeEndObject();
        });
  }

  @Test
  void start_everyField_inSchemaOrder() {
    String line =
        line(
            new DecisionEnvelope(
                TIME,
                DecisionEnvelope.EXT_AUTHZ,
                "0123456789abcdef",
                new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true),
                false,
                403,
                12));

    assertThat(line.replaceFirst("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "ID"))
        .isEqualTo(
            "{\"time\":\"2026-07-01T10:00:00Z\",\"decision_id\":\"ID\",\"type\":\"ext_authz\","
                + "\"revision\":\"0123456789abcdef\","
                + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"span_id\":\"00f067aa0ba902b7\",\"allowed\":false,\"status\":403,"
                + "\"duration_us\":12}");
  }

  @Test
  void start_noRevisionTraceOrStatus_leftOut() {
    String line =
        line(new DecisionEnvelope(TIME, DecisionEnvelope.ADMISSION, "", null, true, 0, 5));

    assertThat(line)
        .doesNotContain("revision", "trace_id", "span_id", "status")
        .contains("\"allowed\":true", "\"duration_us\":5");
  }

  @Test
  void newDecisionId_manyCalls_distinctVersion4Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(DecisionEnvelope.newDecisionId());
    }

    assertThat(ids).hasSize(10_000);
    assertThat(ids)
        .allMatch(
            id ->
                id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  }
}
