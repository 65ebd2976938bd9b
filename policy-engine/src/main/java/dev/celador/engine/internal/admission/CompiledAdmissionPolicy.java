package dev.celador.engine.internal.admission;

import dev.cel.common.types.StructType;
import dev.celador.engine.internal.model.ValidatingPolicy;
import java.util.List;

/** A policy with every expression compiled, ready to evaluate from any thread. */
record CompiledAdmissionPolicy(
    ValidatingPolicy policy,
    List<CompiledCel> matchConditions,
    StructType variablesType,
    List<CompiledVariable> variables,
    List<CompiledValidation> validations,
    List<CompiledAudit> audits) {

  String name() {
    return policy.metadata().name();
  }

  /** A validation with its optional message expression (null when absent). */
  record CompiledValidation(
      ValidatingPolicy.Validation source, CompiledCel expression, CompiledCel messageExpression) {}

  /** An audit annotation's key and value expression. */
  record CompiledAudit(String key, CompiledCel valueExpression) {}
}
