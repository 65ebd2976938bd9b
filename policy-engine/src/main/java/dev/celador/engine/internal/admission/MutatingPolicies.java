package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.jsonpatch.JsonTree;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutating admission policies and bindings of one load, immutable. {@link #mutate} dispatches a
 * request as kube-apiserver's MutatingAdmissionPolicy plugin does: policies by name, each matching
 * binding, once per param, the object passed from one evaluation to the next; the first failure
 * under {@code failurePolicy: Fail} denies, one under {@code Ignore} is skipped. When any mutation
 * succeeded the plugin is called a second time, as the API server reinvokes its admission chain,
 * and then runs only the {@code reinvocationPolicy: IfNeeded} invocations the first call made.
 *
 * <p>The API server's order of policies is unspecified (it walks a Go map, reshuffled whenever
 * policies change); Celador's is by name, and reinvocation is what makes results independent of it.
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

  private static final String REINVOKE_IF_NEEDED = "IfNeeded";

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
    if (policies.isEmpty() || object == null || exempt(request)) {
      return new MutationResult(true, 200, "", "", object, List.of());
    }
    MutationEvaluator.Inputs inputs = inputs(request, context);
    Reinvocation reinvocation = new Reinvocation();
    List<MutationResult.AppliedPatch> applied = new ArrayList<>();
    Pass pass = new Pass(request, context, inputs, reinvocation, applied);
    object = pass.run(object);
    // kube-apiserver runs its mutating admission chain once more when a mutation asked for it;
    // only then do the IfNeeded invocations of the first pass run again.
    if (pass.denial == null && reinvocation.requested()) {
      reinvocation.startReinvoking();
      pass = new Pass(request, context, inputs, reinvocation, applied);
      object = pass.run(object);
    }
    return pass.denial != null
        ? pass.denial
        : new MutationResult(true, 200, "", "", object, applied);
  }

  /** A policy, one of its matching bindings and one of the binding's params. */
  private record Invocation(
      CompiledMutatingPolicy policy, MutatingPolicyBinding binding, Object param) {

    /** The invocation's identity across passes: policy, binding and the param's name. */
    Reinvocation.Key key() {
      String param = "";
      if (this.param instanceof Map<?, ?> p && p.get("metadata") instanceof Map<?, ?> metadata) {
        param = metadata.get("namespace") + "/" + metadata.get("name");
      }
      return new Reinvocation.Key(policy.name(), binding.metadata().name(), param);
    }

    String denied() {
      return "policy '" + policy.name() + "' with binding '" + binding.metadata().name() + "'";
    }
  }

  /**
   * One call of the plugin: first every matching policy, binding and param is collected (their
   * errors first, as the API server reports them before any evaluation's); then each invocation
   * evaluated in order. The first error of a {@code Fail} policy denies.
   */
  private final class Pass {
    private final AdmissionRequest request;
    private final AdmissionContext context;
    private final MutationEvaluator.Inputs inputs;
    private final Reinvocation reinvocation;
    private final List<MutationResult.AppliedPatch> applied;
    private MutationResult denial;

    Pass(
        AdmissionRequest request,
        AdmissionContext context,
        MutationEvaluator.Inputs inputs,
        Reinvocation reinvocation,
        List<MutationResult.AppliedPatch> applied) {
      this.request = request;
      this.context = context;
      this.inputs = inputs;
      this.reinvocation = reinvocation;
      this.applied = applied;
    }

    Object run(Object object) {
      List<Invocation> invocations = invocations(request.withObject(object));
      if (denial != null) {
        return object;
      }
      boolean dirty = false;
      for (Invocation invocation : invocations) {
        boolean fail = invocation.policy().policy().failurePolicy() == FailurePolicy.FAIL;
        Object param = invocation.param() == null ? null : JsonValues.toCel(invocation.param());
        MatchConditions.Verdict verdict =
            MutationEvaluator.conditions(invocation.policy(), inputs, param, object, fail);
        if (verdict.error() != null) {
          denial =
              MutationResult.denied(invocation.denied() + " denied request: " + verdict.error());
          return object;
        }
        Reinvocation.Key key = invocation.key();
        if (!verdict.applies() || !reinvocation.invokes(key)) {
          continue;
        }
        MutationEvaluator.Outcome outcome =
            MutationEvaluator.mutate(
                invocation.policy(),
                invocation.binding().metadata().name(),
                inputs,
                param,
                object,
                fail);
        if (outcome.internal()) {
          denial = MutationResult.internal(outcome.error());
          return object;
        }
        if (outcome.error() != null) {
          denial =
              MutationResult.denied(invocation.denied() + " denied request: " + outcome.error());
          return object;
        }
        dirty |= outcome.dirty();
        if (!JsonTree.equal(object, outcome.object())) {
          reinvocation.objectChanged();
        }
        object = outcome.object();
        applied.addAll(outcome.applied());
        if (REINVOKE_IF_NEEDED.equals(invocation.policy().policy().reinvocationPolicy())) {
          reinvocation.invoked(key);
        }
      }
      if (dirty) {
        reinvocation.objectChanged();
      }
      return object;
    }

    /**
     * Every policy whose constraints match, each of its bindings that match, once per param; sets
     * {@link #denial} for the first binding whose params cannot be collected under {@code Fail}.
     */
    private List<Invocation> invocations(AdmissionRequest current) {
      List<Invocation> invocations = new ArrayList<>();
      for (CompiledMutatingPolicy policy : policies) {
        MutatingPolicy written = policy.policy();
        if (!ResourceMatcher.matches(written.matchConstraints(), true, current, context)) {
          continue;
        }
        for (MutatingPolicyBinding binding :
            bindingsByPolicy.getOrDefault(policy.name(), List.of())) {
          if (binding.matchResources() != null
              && !ResourceMatcher.matches(binding.matchResources(), false, current, context)) {
            continue;
          }
          ParamCollector.Params params =
              ParamCollector.collect(written.paramKind(), binding.paramRef(), current, context);
          if (params.error() == null) {
            params.values().forEach(p -> invocations.add(new Invocation(policy, binding, p)));
          } else if (written.failurePolicy() == FailurePolicy.FAIL && denial == null) {
            denial =
                MutationResult.forbidden(
                    new Invocation(policy, binding, null).denied()
                        + " denied request: failed to configure binding: "
                        + params.error());
          }
        }
      }
      return invocations;
    }
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
        RequestCel.of(request),
        NamespaceObjects.forRequest(request, context),
        authorizers.authorizer(),
        authorizers.requestResource());
  }
}
