package dev.celador.cli.serve;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OTLP exporter, counting the spans it delivered and lost, and reporting failed exports in
 * serve's log (rate-limited: an unreachable collector fails every batch). Runs on the batch
 * processor's thread, never on a request thread.
 */
final class CountingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final FailureLog failures;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  CountingSpanExporter(SpanExporter delegate, FailureLog failures) {
    this.delegate = delegate;
    this.failures = failures;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            exported.addAndGet(count);
            return;
          }
          failed.addAndGet(count);
          Throwable cause = result.getFailureThrowable();
          failures.report(
              "tracing-export",
              "span export to the OTLP endpoint failed; those spans are lost",
              Map.of(
                  "spans",
                  count,
                  "error",
                  cause == null ? "rejected or timed out" : String.valueOf(cause.getMessage())));
        });
    return result;
  }

  double exported() {
    return exported.get();
  }

  double failed() {
    return failed.get();
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
