package dev.celador.cli.serve;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * How many spans the batch processor dropped because its queue was full: the processor counts them
 * only through an OpenTelemetry meter ({@code processedSpans} with {@code dropped=true}), so this
 * reader collects that counter when serve's metrics are scraped. Nothing runs in between.
 */
final class SpanDrops implements MetricReader {

  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  // Before the provider: building it calls register(), which must not be overwritten after.
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private final SdkMeterProvider meters =
      SdkMeterProvider.builder().registerMetricReader(this).build();

  /** The meters to give the batch processor. */
  SdkMeterProvider meterProvider() {
    return meters;
  }

  /** Spans dropped so far. */
  double dropped() {
    long dropped = 0;
    for (MetricData metric : registration.collectAllMetrics()) {
      if (metric.getName().equals("processedSpans")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
            dropped += point.getValue();
          }
        }
      }
    }
    return dropped;
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
