package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.decisionlog.DecisionSpans;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckSpansTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
          .addSpanProcessor(SimpleSpanProcessor.create(exported))
          .build();
  private final CheckSpans spans =
      new CheckSpans(
          OpenTelemetrySdk.builder().setTracerProvider(provider).build(),
          () -> DecisionLogTest.REVISION);

  @AfterEach
  void close() {
    provider.close();
  }

  private static Map<String, String> headers(String flags) {
    return Map.of(
        "traceparent",
        "00-" + TRACE + "-" + PARENT + "-" + flags,
        "authorization",
        "Bearer " + DecisionLogTest.JWT);
  }

  @Test
  void onVerdict_denialWithSampledParent_childSpanNamingPolicyAndRule() {
    spans.onVerdict(
        Transport.GRPC,
        DecisionLogTest.request("/a", headers("01")),
        DecisionLogTest.denied("no"),
        2_000);

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("celador.check");
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT);
    Attributes a = span.getAttributes();
    assertThat(a.get(DecisionSpans.DECISION)).isEqualTo("deny");
    assertThat(a.get(DecisionSpans.POLICY)).isEqualTo("p");
    assertThat(a.get(DecisionSpans.RULE)).isEqualTo("r");
    assertThat(a.get(DecisionSpans.HTTP_STATUS)).isEqualTo(403L);
    assertThat(a.get(DecisionSpans.REVISION)).isEqualTo(DecisionLogTest.REVISION);
    assertThat(a.get(CheckSpans.TRANSPORT)).isEqualTo("grpc");
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos()).isEqualTo(2_000);
  }

  @Test
  void onVerdict_anyRequest_noHeaderValueOrPathInAttributes() {
    spans.onVerdict(
        Transport.HTTP,
        DecisionLogTest.request("/secret-path", headers("01")),
        DecisionLogTest.denied("no"),
        1);

    assertThat(exported.getFinishedSpanItems().get(0).getAttributes().asMap().values())
        .map(String::valueOf)
        .noneMatch(v -> v.contains(DecisionLogTest.JWT) || v.contains("secret-path"))
        .noneMatch(v -> v.contains(PARENT));
  }

  @Test
  void onVerdict_unsampledParent_noSpan() {
    spans.onVerdict(
        Transport.GRPC,
        DecisionLogTest.request("/a", headers("00")),
        DecisionLogTest.denied("no"),
        1);

    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void onVerdict_failureWithoutRequest_errorSpanInANewTrace() {
    spans.onVerdict(
        Transport.GRPC, null, Verdict.failed(Verdict.Failure.BAD_REQUEST, "not a CheckRequest"), 1);

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(DecisionSpans.DECISION)).isEqualTo("error");
    assertThat(span.getAttributes().get(CheckSpans.ERROR)).isEqualTo("bad_request");
  }
}
