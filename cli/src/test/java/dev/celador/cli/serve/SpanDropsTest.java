package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpanDropsTest {

  /** An exporter that never answers, like a collector that hangs. */
  private static final SpanExporter STUCK =
      CountingSpanExporterTest.answering(new CompletableResultCode());

  @Test
  void dropped_queueFullWhileExportHangs_countsTheDroppedSpans() {
    SpanDrops drops = new SpanDrops();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(STUCK)
                    .setMaxQueueSize(2)
                    .setMaxExportBatchSize(1)
                    .setExporterTimeout(1, TimeUnit.HOURS)
                    .setMeterProvider(drops.meterProvider())
                    .build())
            .build();
    assertThat(drops.dropped()).isZero();

    for (int i = 0; i < 20; i++) {
      provider.get("t").spanBuilder("s").startSpan().end();
    }

    // At most one span in the stuck export and two in the queue; the rest were dropped.
    assertThat(drops.dropped()).isBetween(17.0, 20.0);
    provider.shutdown().join(1, TimeUnit.SECONDS);
    drops.meterProvider().close();
  }
}
