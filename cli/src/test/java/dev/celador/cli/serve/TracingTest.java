package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import dev.celador.engine.internal.decisionlog.DecisionSpans;
import dev.celador.engine.internal.decisionlog.TraceParent;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class TracingTest {

  private final FailureLog failures =
      new FailureLog(
          LoggerFactory.getLogger(TracingTest.class),
          Clock.systemUTC(),
          FailureLog.DEFAULT_INTERVAL);

  /** Tracing to a closed port (nothing is exported in these tests) at {@code ratio}. */
  private static Settings withSampleRatio(String ratio) {
    return Settings.resolve(
        null,
        Map.of(),
        Map.of(
            "celador.tracing.otlp.endpoint",
            "http://127.0.0.1:1",
            "celador.tracing.sample-ratio",
            ratio));
  }

  @Test
  void start_noEndpoint_off() {
    assertThat(Tracing.start(Settings.resolve(null, Map.of(), Map.of()), failures)).isNull();
  }

  @Test
  void start_endpoint_followsSampledParentAndRatioForNewTraces() {
    Settings settings = withSampleRatio("0");
    try (Tracing tracing = Tracing.start(settings, failures)) {
      DecisionSpans spans = new DecisionSpans(tracing.openTelemetry());
      long now = DecisionSpans.now();
      TraceParent sampled =
          TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

      assertThat(spans.start("s", sampled, now, 1).isRecording()).isTrue();
      assertThat(spans.start("s", null, now, 1).isRecording()).isFalse();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "http://collector:4318, http://collector:4318/v1/traces",
    "http://collector:4318/, http://collector:4318/v1/traces",
    "https://collector.example/otlp/v1/traces, https://collector.example/otlp/v1/traces"
  })
  void tracesUrl_baseOrFullUrl_tracesPath(String endpoint, String url) {
    assertThat(Tracing.tracesUrl(endpoint)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"collector:4318", "grpc://collector:4317", "http://", "http://a b"})
  void tracesUrl_notAnHttpUrl_refusedNamingTheSetting(String endpoint) {
    assertThatThrownBy(() -> Tracing.tracesUrl(endpoint))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.tracing.otlp.endpoint");
  }

  @Test
  void resolve_sampleRatioOutOfRange_refused() {
    Settings settings = withSampleRatio("2");
    assertThatThrownBy(() -> Tracing.start(settings, failures))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.tracing.sample-ratio");
  }
}
