package dev.celador.engine.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.celador.engine.model.Expression;

/**
 * A type-checked, planned expression, ready to evaluate from any thread.
 *
 * @param metered true when the expression can loop or grow values, so it runs under a {@link
 *     CostMeter}; plain comparisons and string tests run without one
 */
public record CompiledExpression(Expression source, CelRuntime.Program program, boolean metered) {

  /** Evaluates against one request's variables; errors carry CEL's message. */
  public Object evaluate(RequestActivation activation) throws CelEvaluationException {
    if (metered) {
      return program.trace(activation, new CostMeter());
    }
    return program.eval(activation);
  }
}
