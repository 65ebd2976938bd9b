package dev.celador.engine.internal.decisionlog;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One span per decision, for both front doors (docs/tracing.md): a SERVER span whose parent is the
 * caller's span from the request's {@code traceparent} ({@link TraceParent}, the same ids the
 * decision-log line carries), recorded once the decision is made, with its start set back by the
 * decision's duration. Through the OpenTelemetry API only: the process decides whether an SDK runs;
 * without one every call is a no-op.
 */
public final class DecisionSpans {

  /** allow, deny or error. */
  public static final AttributeKey<String> DECISION = AttributeKey.stringKey("celador.decision");

  /** The deciding policy (namespace/name for ext_authz, the policy's name for admission). */
  public static final AttributeKey<String> POLICY = AttributeKey.stringKey("celador.policy");

  /** The deciding rule of an AccessPolicy. */
  public static final AttributeKey<String> RULE = AttributeKey.stringKey("celador.rule");

  /** The revision of the policy set that decided. */
  public static final AttributeKey<String> REVISION = AttributeKey.stringKey("celador.revision");

  /** The HTTP status of the answer (OpenTelemetry semantic conventions). */
  public static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");

  private final Tracer tracer;

  public DecisionSpans(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.celador");
  }

  /**
   * Starts the span of a decision that ends at {@code endNanos} ({@link #now()}) and took {@code
   * nanos}. The caller adds attributes only when the span {@link Span#isRecording() records} (a
   * caller that sent sampled=0 gets no span, so that costs nothing), then ends it at {@code
   * endNanos}.
   *
   * @param trace the caller's trace, null for a new trace (sampled by the configured ratio)
   */
  public Span start(String name, TraceParent trace, long endNanos, long nanos) {
    var builder =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(endNanos - nanos, TimeUnit.NANOSECONDS);
    if (trace == null) {
      builder.setNoParent();
    } else {
      SpanContext parent =
          SpanContext.createFromRemoteParent(
              trace.traceId(),
              trace.spanId(),
              trace.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
              TraceState.getDefault());
      builder.setParent(Context.root().with(Span.wrap(parent)));
    }
    return builder.startSpan();
  }

  /** The wall clock in nanoseconds since the epoch, the time base of span timestamps. */
  public static long now() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }
}
