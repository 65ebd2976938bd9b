package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.jsonpatch.JsonPatch;
import dev.celador.engine.internal.jsonpatch.JsonPatchException;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which match conditions of the mutating policies said no to a request, for test coverage: a
 * condition no case makes false is one whose exclusion is untested. It replays the walk of a
 * finished mutation (policies by name, matching bindings, each param) on the object each binding
 * saw, rebuilt from the patches the mutation applied, and evaluates every condition of it on its
 * own. Nothing here decides anything; {@link MutatingPolicies} does.
 */
public final class MutationConditionTrace {

  static final MutationConditionTrace NONE = new MutationConditionTrace(List.of(), List.of());

  /** Condition {@code index} of mutating policy {@code policy}. */
  public record Condition(String policy, int index) {}

  private final List<CompiledMutatingPolicy> policies;
  private final Map<String, List<MutatingPolicyBinding>> bindingsByPolicy = new HashMap<>();

  MutationConditionTrace(
      List<CompiledMutatingPolicy> policies, List<MutatingPolicyBinding> bindings) {
    this.policies = List.copyOf(policies);
    for (MutatingPolicyBinding binding : bindings) {
      bindingsByPolicy.computeIfAbsent(binding.policyName(), k -> new ArrayList<>()).add(binding);
    }
  }

  /** The conditions that were false for some binding and param of {@code request}. */
  Set<Condition> falseConditions(
      AdmissionRequest request, MutationResult result, AdmissionContext context) {
    Set<Condition> found = new LinkedHashSet<>();
    if (request.object() == null || !result.allowed()) {
      return found;
    }
    RequestAuthorizers authorizers = RequestAuthorizers.of(request, context);
    Object namespace = NamespaceObjects.forRequest(request, context);
    Object object = request.object();
    int next = 0;
    List<MutationResult.AppliedPatch> patches = result.patches();
    for (CompiledMutatingPolicy policy : policies) {
      if (!ResourceMatcher.matches(
          policy.policy().matchConstraints(), true, request.withObject(object), context)) {
        continue;
      }
      for (MutatingPolicyBinding binding :
          bindingsByPolicy.getOrDefault(policy.name(), List.of())) {
        AdmissionRequest current = request.withObject(object);
        if (!policy.matchConditions().isEmpty()
            && (binding.matchResources() == null
                || ResourceMatcher.matches(binding.matchResources(), false, current, context))) {
          ParamCollector.Params params =
              ParamCollector.collect(
                  policy.policy().paramKind(), binding.paramRef(), current, context);
          for (Object param : params.error() == null ? params.values() : List.of()) {
            AdmissionActivation activation =
                new AdmissionActivation(
                    JsonValues.toCel(object),
                    JsonValues.toCel(request.oldObject()),
                    RequestCel.of(request),
                    param == null ? null : JsonValues.toCel(param),
                    namespace,
                    authorizers.authorizer(),
                    authorizers.requestResource(),
                    null);
            falseIn(policy, activation, found);
          }
        }
        // The object the next binding sees: this one's patches applied.
        while (next < patches.size()
            && patches.get(next).policy().equals(policy.name())
            && patches.get(next).binding().equals(binding.metadata().name())) {
          object = applied(object, patches.get(next++));
        }
      }
    }
    return found;
  }

  private static void falseIn(
      CompiledMutatingPolicy policy, AdmissionActivation activation, Set<Condition> found) {
    CostBudget budget = new CostBudget(MatchConditions.BUDGET);
    for (int i = 0; i < policy.matchConditions().size(); i++) {
      try {
        if (Boolean.FALSE.equals(policy.matchConditions().get(i).evaluate(activation, budget))) {
          found.add(new Condition(policy.name(), i));
        }
      } catch (CompiledCel.EvaluationError e) {
        // An error is not a "no": the condition's exclusion stays untested.
      }
    }
  }

  private static Object applied(Object object, MutationResult.AppliedPatch patch) {
    try {
      return JsonPatch.apply(object, patch.operations());
    } catch (JsonPatchException e) {
      // The mutation applied these operations to this very object; they cannot fail here.
      throw new IllegalStateException("replaying " + patch.policy() + ": " + e.getMessage(), e);
    }
  }
}
