package dev.celador.engine.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.celador.engine.model.Expression;
import java.util.List;

/**
 * A type-checked, planned expression, ready to evaluate from any thread.
 *
 * @param metered true when the expression can loop or grow values, so it runs under a {@link
 *     CostMeter}; plain comparisons and string tests run without one
 * @param guards conjuncts decided in plain Java before CEL runs; see {@link RuleGuard}
 */
public record CompiledExpression(
    Expression source, CelRuntime.Program program, boolean metered, List<RuleGuard> guards) {

  public CompiledExpression {
    guards = List.copyOf(guards);
  }

  /** Evaluates against one request's variables; errors carry CEL's message. */
  public Object evaluate(RequestActivation activation) throws CelEvaluationException {
    for (int i = 0; i < guards.size(); i++) {
      if (guards.get(i).rulesOut(activation)) {
        return Boolean.FALSE;
      }
    }
    if (metered) {
      return program.trace(activation, new CostMeter());
    }
    return program.eval(activation);
  }
}
