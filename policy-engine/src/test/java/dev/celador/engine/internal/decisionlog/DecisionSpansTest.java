package dev.celador.engine.internal.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionSpansTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .setSampler(Sampler.parentBased(Sampler.alwaysOff()))
          .addSpanProcessor(SimpleSpanProcessor.create(exported))
          .build();
  private final DecisionSpans spans =
      new DecisionSpans(OpenTelemetrySdk.builder().setTracerProvider(provider).build());

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void start_sampledParent_serverSpanInCallersTraceBackdatedByDuration() {
    long end = DecisionSpans.now();
    Span span = spans.start("celador.check", new TraceParent(TRACE, PARENT, true), end, 1500);
    span.setAttribute(DecisionSpans.POLICY, "default/p");
    span.end(end, TimeUnit.NANOSECONDS);

    SpanData data = exported.getFinishedSpanItems().get(0);
    assertThat(data.getTraceId()).isEqualTo(TRACE);
    assertThat(data.getParentSpanId()).isEqualTo(PARENT);
    assertThat(data.getParentSpanContext().isRemote()).isTrue();
    assertThat(data.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(data.getName()).isEqualTo("celador.check");
    assertThat(data.getEndEpochNanos() - data.getStartEpochNanos()).isEqualTo(1500);
    assertThat(data.getAttributes().get(DecisionSpans.POLICY)).isEqualTo("default/p");
  }

  @Test
  void start_unsampledParent_notRecordedNorExported() {
    long end = DecisionSpans.now();
    Span span = spans.start("celador.check", new TraceParent(TRACE, PARENT, false), end, 10);
    span.end(end, TimeUnit.NANOSECONDS);

    assertThat(span.isRecording()).isFalse();
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void start_noParent_rootSpanLeftToTheRootSampler() {
    long end = DecisionSpans.now();
    Span span = spans.start("celador.check", null, end, 10);
    span.end(end, TimeUnit.NANOSECONDS);

    // The root sampler here is always-off: a request without a trace is sampled by ratio only.
    assertThat(span.getSpanContext().getTraceId()).isNotEqualTo(TRACE);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }
}
