package dev.celador.engine.internal.admission;

import dev.cel.runtime.CelVariableResolver;
import dev.celador.engine.internal.cel.CostBudget;
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

  /**
   * Whether the policy applies; {@code error} (when not null) says why it fails instead. A skip
   * says why, for traces: the index of the first condition that was false ({@code firstFalse}, −1
   * when none was), or the errors it ignored under {@code Ignore} ({@code ignored}).
   */
  record Verdict(boolean applies, String error, int firstFalse, String ignored) {
    static final Verdict APPLIES = new Verdict(true, null, -1, null);
  }

  private MatchConditions() {}

  static Verdict evaluate(
      List<CompiledCel> conditions, CelVariableResolver activation, boolean fail) {
    if (conditions.isEmpty()) {
      return Verdict.APPLIES;
    }
    CostBudget budget = new CostBudget(BUDGET);
    List<String> errors = new ArrayList<>();
    int firstFalse = -1;
    for (int i = 0; i < conditions.size(); i++) {
      CompiledCel condition = conditions.get(i);
      try {
        if (Boolean.FALSE.equals(condition.evaluate(activation, budget)) && firstFalse < 0) {
          firstFalse = i;
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
    String message = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    if (firstFalse >= 0) {
      return new Verdict(false, null, firstFalse, null);
    }
    if (errors.isEmpty()) {
      return Verdict.APPLIES;
    }
    return fail ? new Verdict(false, message, -1, null) : new Verdict(false, null, -1, message);
  }
}
