package dev.celador.engine.admission;

import dev.cel.runtime.CelVariableResolver;
import dev.celador.engine.cel.CostBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy's {@code matchConditions}, as kube-apiserver's matcher evaluates them for validating and
 * mutating policies alike, on their own 2.5M budget: any false skips the policy; else any error
 * fails it under {@code Fail} (all errors in one message) and skips it under {@code Ignore}; else
 * it applies.
 */
final class MatchConditions {

  static final long BUDGET = 2_500_000;

  /** Whether the policy applies; {@code error} (when not null) says why it fails instead. */
  record Verdict(boolean applies, String error) {
    static final Verdict APPLIES = new Verdict(true, null);
    static final Verdict SKIP = new Verdict(false, null);
  }

  private MatchConditions() {}

  static Verdict evaluate(
      List<CompiledCel> conditions, CelVariableResolver activation, boolean fail) {
    if (conditions.isEmpty()) {
      return Verdict.APPLIES;
    }
    CostBudget budget = new CostBudget(BUDGET);
    List<String> errors = new ArrayList<>();
    boolean anyFalse = false;
    for (CompiledCel condition : conditions) {
      try {
        if (Boolean.FALSE.equals(condition.evaluate(activation, budget))) {
          anyFalse = true;
        }
      } catch (CompiledCel.EvaluationError e) {
        if (e.outOfBudget()) {
          errors.add(
              "validation failed due to running out of cost budget, no further validation rules"
                  + " will be run");
          break;
        }
        errors.add("expression '" + condition.text() + "' resulted in error: " + e.getMessage());
      }
    }
    if (anyFalse || (!errors.isEmpty() && !fail)) {
      return Verdict.SKIP;
    }
    if (errors.isEmpty()) {
      return Verdict.APPLIES;
    }
    return new Verdict(
        false, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
  }
}
