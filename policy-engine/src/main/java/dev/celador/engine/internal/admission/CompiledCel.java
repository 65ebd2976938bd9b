package dev.celador.engine.internal.admission;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import dev.celador.engine.internal.cel.BudgetMeter;
import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.MeteredCalls;
import dev.celador.engine.internal.model.Expression;

/** One planned admission expression; evaluates from any thread. */
record CompiledCel(Expression source, CelRuntime.Program program) {

  /** kube-apiserver's per-call limit ({@code PerCallLimit}). */
  static final long PER_CALL_LIMIT = 1_000_000;

  String text() {
    return source.text();
  }

  /**
   * Evaluates under a per-call limit, charging {@code budget}.
   *
   * @throws EvaluationError with cel-go's wording of the error (without the "expression ...
   *     resulted in error" prefix, which callers add where kube-apiserver does)
   */
  Object evaluate(CelVariableResolver variables, CostBudget budget) throws EvaluationError {
    return evaluate(variables, budget, meter(budget));
  }

  /** A meter for one evaluation charging {@code budget}, under the per-call limit. */
  static BudgetMeter meter(CostBudget budget) {
    return new BudgetMeter(PER_CALL_LIMIT, budget);
  }

  /** As {@link #evaluate(CelVariableResolver, CostBudget)}, metered by {@code meter}. */
  Object evaluate(CelVariableResolver variables, CostBudget budget, BudgetMeter meter)
      throws EvaluationError {
    Object result;
    try {
      result = MeteredCalls.run(meter, () -> program.trace(variables, meter));
    } catch (CelEvaluationException e) {
      throw new EvaluationError(
          meter.failure() != null ? meter.failure() : CelErrors.describe(e, text()),
          budget.exhausted());
    } catch (RuntimeException e) {
      throw new EvaluationError(
          meter.failure() != null ? meter.failure() : String.valueOf(e.getMessage()),
          budget.exhausted());
    }
    if (meter.failure() != null) {
      throw new EvaluationError(meter.failure(), budget.exhausted());
    }
    return result;
  }

  /** Why an expression produced no value; {@code outOfBudget} when the shared budget ran out. */
  static final class EvaluationError extends Exception {
    private final boolean outOfBudget;

    EvaluationError(String message, boolean outOfBudget) {
      super(message, null, false, false);
      this.outOfBudget = outOfBudget;
    }

    boolean outOfBudget() {
      return outOfBudget;
    }
  }
}
