package dev.celador.webhook;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionMutation;
import dev.celador.engine.internal.decisionlog.DecisionSpans;
import dev.celador.engine.internal.decisionlog.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code celador.admit} span per decided review ({@code celador.mutate} per mutated one), child
 * of the {@code traceparent} header the API server sends when its tracing is on. Attributes: the
 * decision, the deciding policy and binding and their result, the operation and resource; never the
 * object, the user or a message (they can carry secrets).
 */
final class ReviewSpans {

  static final String NAME = "celador.admit";
  static final AttributeKey<String> BINDING = AttributeKey.stringKey("celador.binding");
  static final AttributeKey<String> RESULT = AttributeKey.stringKey("celador.admission.result");
  static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("celador.admission.operation");
  static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("celador.admission.resource");
  static final AttributeKey<Long> POLICIES = AttributeKey.longKey("celador.admission.policies");
  static final AttributeKey<Long> WARNINGS = AttributeKey.longKey("celador.admission.warnings");
  static final String MUTATE_NAME = "celador.mutate";
  static final AttributeKey<Long> PATCH_OPERATIONS =
      AttributeKey.longKey("celador.admission.patch_operations");

  private final DecisionSpans spans;

  ReviewSpans(OpenTelemetry openTelemetry) {
    this.spans = new DecisionSpans(openTelemetry);
  }

  void record(
      TraceParent trace,
      String revision,
      AdmissionRequest request,
      AdmissionDecision decision,
      long nanos) {
    record(NAME, trace, nanos, span -> describe(span, revision, request, decision));
  }

  /**
   * A {@code celador.mutate} span per {@code /mutate} review: the decision, operation and resource,
   * how many policy bindings applied a patch and how many operations the answer's patch holds.
   */
  void record(
      TraceParent trace,
      String revision,
      AdmissionRequest request,
      AdmissionMutation mutation,
      long nanos) {
    record(
        MUTATE_NAME,
        trace,
        nanos,
        span -> {
          common(span, revision, request, mutation.decision());
          span.setAttribute(POLICIES, mutation.appliedBy().size());
          span.setAttribute(PATCH_OPERATIONS, mutation.patch().size());
        });
  }

  /** A span that ended now after {@code nanos}, described only when it is recorded. */
  private void record(String name, TraceParent trace, long nanos, Consumer<Span> describe) {
    long end = DecisionSpans.now();
    Span span = spans.start(name, trace, end, nanos);
    if (span.isRecording()) {
      describe.accept(span);
    }
    span.end(end, TimeUnit.NANOSECONDS);
  }

  private static void common(
      Span span, String revision, AdmissionRequest request, AdmissionDecision decision) {
    AdmissionRequest.Gvr r = request.resource();
    span.setAttribute(DecisionSpans.DECISION, decision.allowed() ? "allow" : "deny");
    span.setAttribute(DecisionSpans.HTTP_STATUS, decision.allowed() ? 200L : decision.code());
    span.setAttribute(DecisionSpans.REVISION, revision);
    span.setAttribute(OPERATION, request.operation());
    span.setAttribute(
        RESOURCE, (r.group().isEmpty() ? "" : r.group() + "/") + r.version() + "/" + r.resource());
  }

  private static void describe(
      Span span, String revision, AdmissionRequest request, AdmissionDecision decision) {
    common(span, revision, request, decision);
    span.setAttribute(POLICIES, decision.evaluations().size());
    span.setAttribute(WARNINGS, decision.warnings().size());
    AdmissionDecision.PolicyEvaluation deciding = deciding(decision);
    if (deciding != null) {
      span.setAttribute(DecisionSpans.POLICY, deciding.policy());
      span.setAttribute(BINDING, deciding.binding());
      span.setAttribute(RESULT, deciding.result().label());
    }
  }

  /** The evaluation with the most severe result (the first of those), null if every one skipped. */
  static AdmissionDecision.PolicyEvaluation deciding(AdmissionDecision decision) {
    AdmissionDecision.PolicyEvaluation worst = null;
    for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
      if (e.result() != AdmissionDecision.Result.SKIP
          && (worst == null || e.result().ordinal() < worst.result().ordinal())) {
        worst = e;
      }
    }
    return worst;
  }
}
