package dev.celador.engine.internal.admission;

import dev.cel.common.types.StructType;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.ssa.KubeSchemas;
import java.util.List;

/**
 * A mutating policy with every expression compiled, ready to evaluate from any thread.
 *
 * @param schemas what apply configurations merge by: built-in kinds and the custom resources of the
 *     CustomResourceDefinitions loaded with the policy
 */
record CompiledMutatingPolicy(
    MutatingPolicy policy,
    List<CompiledCel> matchConditions,
    StructType variablesType,
    List<CompiledVariable> variables,
    List<Mutation> mutations,
    KubeSchemas schemas) {

  String name() {
    return policy.metadata().name();
  }

  /** A mutation's patch type and compiled expression. */
  record Mutation(MutatingPolicy.PatchType patchType, CompiledCel expression) {}
}
