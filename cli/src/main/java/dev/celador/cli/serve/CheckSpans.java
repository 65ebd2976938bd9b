package dev.celador.cli.serve;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.decisionlog.DecisionSpans;
import dev.celador.engine.internal.decisionlog.TraceParent;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@code celador.check} span per ext_authz answer (gRPC and HTTP mode), child of the {@code
 * traceparent} among the request's headers, recorded when the verdict is made (also when it came
 * later from Redis or a JWKS fetch). Attributes name the decision, the deciding policy and rule and
 * the status; never header values, paths or principals.
 */
final class CheckSpans implements DecisionListener {

  static final String NAME = "celador.check";
  static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("celador.transport");
  static final AttributeKey<String> ERROR = AttributeKey.stringKey("celador.error");

  private final DecisionSpans spans;
  private final Supplier<String> revision;

  /**
   * @param revision the revision of the policy set serving now
   */
  CheckSpans(OpenTelemetry openTelemetry, Supplier<String> revision) {
    this.spans = new DecisionSpans(openTelemetry);
    this.revision = revision;
  }

  @Override
  public void onVerdict(Transport transport, AuthzRequest request, Verdict verdict, long nanos) {
    TraceParent trace =
        request == null
            ? null
            : TraceParent.parse(request.request().headers().get(TraceParent.HEADER));
    long end = DecisionSpans.now();
    Span span = spans.start(NAME, trace, end, nanos);
    if (span.isRecording()) {
      describe(span, transport, verdict);
    }
    span.end(end, TimeUnit.NANOSECONDS);
  }

  private void describe(Span span, Transport transport, Verdict verdict) {
    span.setAttribute(TRANSPORT, transport.label());
    span.setAttribute(DecisionSpans.REVISION, revision.get());
    Decision d = verdict.decision();
    if (verdict.failed()) {
      String failure = verdict.failure().name().toLowerCase(Locale.ROOT);
      span.setAttribute(DecisionSpans.DECISION, "error");
      span.setAttribute(ERROR, failure);
      span.setStatus(StatusCode.ERROR, failure);
    } else {
      span.setAttribute(DecisionSpans.DECISION, d.allowed() ? "allow" : "deny");
      span.setAttribute(DecisionSpans.HTTP_STATUS, (long) d.status());
    }
    if (d != null) {
      // The API ignores null values; "" means no policy or rule decided (the default action).
      if (d.policy() != null && !d.policy().isEmpty()) {
        span.setAttribute(DecisionSpans.POLICY, d.policy());
      }
      if (d.rule() != null && !d.rule().isEmpty()) {
        span.setAttribute(DecisionSpans.RULE, d.rule());
      }
    }
  }
}
