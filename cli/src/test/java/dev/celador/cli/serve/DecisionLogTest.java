package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.engine.api.TraceEntry;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

  static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

  static final String REVISION = "0123456789abcdef";

  static AuthzRequest request(String path) {
    return request(path, Map.of("authorization", "Bearer " + JWT));
  }

  static AuthzRequest request(String path, Map<String, String> headers) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 1, "spiffe://cluster.local/ns/web/sa/frontend"))
        .request(
            HttpAttributes.builder()
                .method("GET")
                .path(path)
                .host("shop")
                .scheme("https")
                .protocol("HTTP/2")
                .headers(headers)
                .id("rid-1")
                .build())
        .mtls(true)
        .build();
  }

  static Verdict denied(String reason) {
    return Verdict.of(
        new Decision(
            false,
            403,
            "p",
            "r",
            List.of(reason),
            Map.of(),
            List.of(),
            Map.of(),
            false,
            List.of(),
            List.of()));
  }

  @Test
  void line_denied_namesDecisionPolicyRuleAndRequest() {
    String line = DecisionLog.line(Transport.GRPC, request("/a"), denied("no"), REVISION, 12_000);

    assertThat(line)
        .startsWith("{\"time\":\"")
        .contains("\"decision\":\"deny\"", "\"status\":403", "\"policy\":\"p\"", "\"rule\":\"r\"")
        .contains("\"request_id\":\"rid-1\"", "\"path\":\"/a\"", "\"duration_us\":12")
        .contains("\"type\":\"ext_authz\"", "\"allowed\":false", "\"revision\":\"" + REVISION);
  }

  @Test
  void line_validTraceparent_traceAndSpanIdsLogged() {
    String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    String line =
        DecisionLog.line(
            Transport.HTTP, request("/", Map.of("traceparent", header)), denied("no"), "", 1);

    assertThat(line)
        .contains("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
        .contains("\"span_id\":\"00f067aa0ba902b7\"")
        .doesNotContain(header);
  }

  @Test
  void line_malformedTraceparent_idsOmittedAndLineWritten() {
    String line =
        DecisionLog.line(
            Transport.GRPC,
            request("/", Map.of("traceparent", "00-not-a-trace-01")),
            denied("no"),
            "",
            1);

    assertThat(line)
        .doesNotContain("trace_id", "span_id", "not-a-trace", "revision")
        .contains("\"decision\":\"deny\"");
  }

  @Test
  void line_secrets_redactedAndHeadersNeverLogged() {
    String line =
        DecisionLog.line(
            Transport.HTTP,
            request("/cb?code=abc123&state=x&access_token=" + JWT),
            denied("token " + JWT + " expired"),
            REVISION,
            1);

    assertThat(line)
        .doesNotContain("abc123")
        .doesNotContain(JWT)
        .doesNotContain("authorization")
        .contains("code=REDACTED&state=x&access_token=REDACTED");
  }

  @Test
  void onVerdict_sampleRateZero_writesNothing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DecisionLog log =
        new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8), 0, 0, () -> REVISION)) {
      log.onVerdict(Transport.GRPC, request("/"), denied("x"), 1);
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void onVerdict_sampleRateOne_writesOneLinePerDecision() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DecisionLog log =
        new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8), 1, 1, () -> REVISION)) {
      log.onVerdict(Transport.GRPC, request("/"), denied("x"), 1);
      log.onVerdict(Transport.GRPC, request("/"), denied("y"), 1);
    }

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }

  static Verdict allowedWithDroppedHeader() {
    return Verdict.of(
        new Decision(
            true,
            200,
            "shop/echo",
            "any",
            List.of(
                "allowed by shop/echo rule any",
                "header x-user not sent: its value has the control character U+000D"),
            Map.of(),
            List.of("x-user"),
            Map.of(),
            false,
            List.of(),
            List.of()));
  }

  @Test
  void line_allowWithDroppedHeader_notesWhy() {
    String line =
        DecisionLog.line(Transport.HTTP, request("/"), allowedWithDroppedHeader(), REVISION, 1);

    assertThat(line)
        .contains("\"decision\":\"allow\"", "\"reason\":\"allowed by shop/echo rule any\"")
        .contains(
            "\"notes\":[\"header x-user not sent: its value has the control character U+000D\"]");
  }

  @Test
  void onVerdict_allowWithNotesAndNoAllowSampling_loggedLikeADenial() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DecisionLog log =
        new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8), 0, 1, () -> REVISION)) {
      log.onVerdict(Transport.HTTP, request("/"), allowedWithDroppedHeader(), 1);
    }

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  static Verdict allowedWithShadowOverLimit() {
    return Verdict.of(
        new Decision(
            true,
            200,
            "",
            "",
            List.of(),
            Map.of(),
            List.of(),
            Map.of(),
            false,
            List.of(),
            List.of(
                new TraceEntry(
                    "shop/orders-api",
                    "per-caller",
                    "RATE_LIMIT",
                    true,
                    TraceEntry.Result.OVER_LIMIT,
                    "shadow limit exceeded"))));
  }

  @Test
  void line_shadowLimitOver_namedAsShadowLimitExceeded() {
    String line =
        DecisionLog.line(Transport.GRPC, request("/"), allowedWithShadowOverLimit(), REVISION, 1);

    assertThat(line)
        .contains("\"decision\":\"allow\"")
        .contains("\"shadow_limits_exceeded\":[\"shop/orders-api/per-caller\"]")
        .doesNotContain("\"audits\"");
  }

  @Test
  void onVerdict_shadowLimitOver_sampledLikeADenial() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DecisionLog log =
        new DecisionLog(new PrintStream(out, true, StandardCharsets.UTF_8), 0, 1, () -> REVISION)) {
      log.onVerdict(Transport.GRPC, request("/"), allowedWithShadowOverLimit(), 1);
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("shadow_limits_exceeded");
  }
}
