package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.PolicyBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@link PolicyResult}s of one evaluation, as {@link CompiledAdmissionSet} walks its
 * policies and bindings: only when asked to explain, so the webhook's path allocates nothing more.
 */
final class ReportCollector {

  private final AdmissionRequest request;
  private final AdmissionContext context;
  private final List<PolicyResult> results = new ArrayList<>();
  private final List<PolicyResult.Validation> validations = new ArrayList<>();
  private String skipped = "";
  private String error = "";
  private boolean denies;

  ReportCollector(AdmissionRequest request, AdmissionContext context) {
    this.request = request;
    this.context = context;
  }

  List<PolicyResult> results() {
    return results;
  }

  /** The policy's own match said no: one skipped row per binding (or one without). */
  void policySkipped(
      CompiledAdmissionPolicy policy, List<PolicyBinding> bindings, ResourceMatcher.Mismatch why) {
    String detail = "policy: " + describe(why);
    if (bindings.isEmpty()) {
      skip(policy, null, detail);
    }
    for (PolicyBinding binding : bindings) {
      skip(policy, binding, detail);
    }
  }

  void unbound(CompiledAdmissionPolicy policy) {
    skip(policy, null, "no binding names this policy");
  }

  void bindingSkipped(
      CompiledAdmissionPolicy policy, PolicyBinding binding, ResourceMatcher.Mismatch why) {
    skip(policy, binding, "binding: " + describe(why));
  }

  void paramsError(CompiledAdmissionPolicy policy, PolicyBinding binding, String message) {
    boolean fail = policy.policy().failurePolicy() == FailurePolicy.FAIL;
    results.add(
        new PolicyResult(
            policy.name(),
            binding.metadata().name(),
            binding.validationActions(),
            AdmissionDecision.Result.ERROR,
            fail,
            "failed to configure binding: " + message,
            List.of()));
  }

  /** One evaluation of the binding, with {@code param} (null: none). */
  void evaluated(
      CompiledAdmissionPolicy policy,
      PolicyBinding binding,
      Object param,
      PolicyEvaluator.Result result) {
    if (result.isSkipped()) {
      skipped = skipped.isEmpty() ? result.skipped() : skipped;
      return;
    }
    String paramName = paramName(param);
    boolean denyAction = binding.validationActions().contains("Deny");
    for (PolicyEvaluator.Outcome o : result.outcomes()) {
      var location =
          o.whole()
              ? policy.policy().location()
              : policy.validations().get(o.index()).source().expression().location();
      PolicyResult.Check check =
          o.error()
              ? PolicyResult.Check.ERROR
              : o.deny() ? PolicyResult.Check.FAIL : PolicyResult.Check.PASS;
      validations.add(
          new PolicyResult.Validation(
              o.whole() ? -1 : o.index(),
              location,
              paramName,
              check,
              o.message(),
              check == PolicyResult.Check.FAIL ? o.reason() : ""));
      if (o.error() && error.isEmpty()) {
        error = o.message();
      }
      denies |= o.deny() && denyAction;
    }
    for (PolicyEvaluator.Audit a : result.audits()) {
      if (a.key() == null) {
        denies = true; // an audit annotation that failed under failurePolicy Fail
        error = error.isEmpty() ? a.value() : error;
      }
    }
  }

  /** Ends the binding begun by {@link #evaluated} calls (none when no param was found). */
  void bindingDone(
      CompiledAdmissionPolicy policy, PolicyBinding binding, AdmissionDecision.Result summary) {
    String detail;
    if (summary == AdmissionDecision.Result.SKIP) {
      detail =
          skipped.isEmpty() ? "paramRef found no params (parameterNotFoundAction: Allow)" : skipped;
    } else {
      detail = error;
    }
    results.add(
        new PolicyResult(
            policy.name(),
            binding.metadata().name(),
            binding.validationActions(),
            summary,
            denies,
            detail,
            validations));
    validations.clear();
    skipped = "";
    error = "";
    denies = false;
  }

  private void skip(CompiledAdmissionPolicy policy, PolicyBinding binding, String detail) {
    results.add(
        new PolicyResult(
            policy.name(),
            binding == null ? "" : binding.metadata().name(),
            binding == null ? List.of() : binding.validationActions(),
            AdmissionDecision.Result.SKIP,
            false,
            detail,
            List.of()));
  }

  private String describe(ResourceMatcher.Mismatch why) {
    return switch (why) {
      case NAMESPACE ->
          why.text
              + (ResourceMatcher.isNamespaceObject(request)
                  ? " (the object is that namespace)"
                  : " '"
                      + request.namespace()
                      + "'"
                      + (context.namespaces().containsKey(request.namespace())
                          ? ""
                          : " (no Namespace object given for it)"));
      case RULES, EXCLUDED ->
          why.text
              + " "
              + request.operation()
              + " "
              + gvr(request.resource())
              + (request.subResource().isEmpty() ? "" : "/" + request.subResource());
      default -> why.text;
    };
  }

  private static String gvr(AdmissionRequest.Gvr r) {
    return (r.group().isEmpty() ? "" : r.group() + "/") + r.version() + " " + r.resource();
  }

  private static String paramName(Object param) {
    Object name = ObjectMaps.map(ObjectMaps.map(param).get("metadata")).get("name");
    return name == null ? "" : String.valueOf(name);
  }
}
