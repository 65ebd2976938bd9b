package dev.celador.engine.admission;

import dev.cel.common.types.StructType;
import dev.celador.engine.model.MutatingPolicy;
import java.util.List;

/** A mutating policy with every expression compiled, ready to evaluate from any thread. */
record CompiledMutatingPolicy(
    MutatingPolicy policy,
    List<CompiledCel> matchConditions,
    StructType variablesType,
    List<CompiledVariable> variables,
    List<Mutation> mutations) {

  String name() {
    return policy.metadata().name();
  }

  /** A mutation's patch type and compiled expression. */
  record Mutation(MutatingPolicy.PatchType patchType, CompiledCel expression) {}
}
