package dev.celador.engine.admission;

import dev.celador.engine.cel.JsonValues;
import dev.celador.engine.model.FailurePolicy;
import dev.celador.engine.model.MutatingPolicy;
import dev.celador.engine.model.MutatingPolicyBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutating admission policies and bindings of one load, immutable. {@link #mutate} dispatches a
 * request as kube-apiserver's MutatingAdmissionPolicy plugin does: policies by name, each matching
 * binding, once per param, the object passed from one evaluation to the next; the first failure
 * under {@code failurePolicy: Fail} denies, one under {@code Ignore} is skipped.
 */
final class MutatingPolicies {

  static final MutatingPolicies NONE = new MutatingPolicies(List.of(), List.of());

  /** The admission configuration kinds no admission policy ever sees. */
  private static final Set<String> EXEMPT =
      Set.of(
          "validatingadmissionpolicies",
          "validatingadmissionpolicybindings",
          "mutatingadmissionpolicies",
          "mutatingadmissionpolicybindings");

  private final List<CompiledMutatingPolicy> policies;
  private final Map<String, List<MutatingPolicyBinding>> bindingsByPolicy = new HashMap<>();

  MutatingPolicies(List<CompiledMutatingPolicy> policies, List<MutatingPolicyBinding> bindings) {
    this.policies = List.copyOf(policies);
    for (MutatingPolicyBinding binding : bindings) {
      bindingsByPolicy.computeIfAbsent(binding.policyName(), k -> new ArrayList<>()).add(binding);
    }
  }

  int size() {
    return policies.size();
  }

  List<MutatingPolicy> policies() {
    return policies.stream().map(CompiledMutatingPolicy::policy).toList();
  }

  MutationResult mutate(AdmissionRequest request, AdmissionContext context) {
    Object object = request.object();
    List<MutationResult.AppliedPatch> applied = new ArrayList<>();
    if (policies.isEmpty() || object == null || exempt(request)) {
      return new MutationResult(true, 200, "", "", object, applied);
    }
    MutationEvaluator.Inputs inputs = inputs(request, context);
    for (CompiledMutatingPolicy policy : policies) {
      MutatingPolicy written = policy.policy();
      if (!ResourceMatcher.matches(
          written.matchConstraints(), true, request.withObject(object), context)) {
        continue;
      }
      boolean fail = written.failurePolicy() == FailurePolicy.FAIL;
      for (MutatingPolicyBinding binding :
          bindingsByPolicy.getOrDefault(policy.name(), List.of())) {
        AdmissionRequest current = request.withObject(object);
        if (binding.matchResources() != null
            && !ResourceMatcher.matches(binding.matchResources(), false, current, context)) {
          continue;
        }
        String denied =
            "policy '" + policy.name() + "' with binding '" + binding.metadata().name() + "'";
        ParamCollector.Params params =
            ParamCollector.collect(written.paramKind(), binding.paramRef(), current, context);
        if (params.error() != null) {
          if (fail) {
            return MutationResult.denied(
                denied + " denied request: failed to configure binding: " + params.error());
          }
          continue;
        }
        for (Object param : params.values()) {
          MutationEvaluator.Outcome outcome =
              MutationEvaluator.evaluate(
                  policy, binding.metadata().name(), inputs, param, object, fail);
          if (outcome.error() != null) {
            if (fail) {
              return MutationResult.denied(denied + " denied request: " + outcome.error());
            }
            continue;
          }
          object = outcome.object();
          applied.addAll(outcome.applied());
        }
      }
    }
    return new MutationResult(true, 200, "", "", object, applied);
  }

  private static boolean exempt(AdmissionRequest request) {
    return request.resource().group().equals("admissionregistration.k8s.io")
        && EXEMPT.contains(request.resource().resource());
  }

  private static MutationEvaluator.Inputs inputs(
      AdmissionRequest request, AdmissionContext context) {
    RequestAuthorizers authorizers = RequestAuthorizers.of(request, context);
    return new MutationEvaluator.Inputs(
        request.kind(),
        JsonValues.toCel(request.oldObject()),
        request.toCel(),
        NamespaceObjects.forRequest(request, context),
        authorizers.authorizer(),
        authorizers.requestResource());
  }
}
