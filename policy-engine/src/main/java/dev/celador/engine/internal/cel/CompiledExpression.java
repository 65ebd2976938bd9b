package dev.celador.engine.internal.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.celador.engine.internal.model.Expression;
import java.util.List;

/**
 * A type-checked, planned expression, ready to evaluate from any thread.
 *
 * @param metered true when the expression can loop or grow values, so it runs under a {@link
 *     BudgetMeter} of {@link CelLimits#HTTP_COST_LIMIT}; plain comparisons and string tests run
 *     without one
 * @param guards conjuncts decided in plain Java before CEL runs; see {@link RuleGuard}
 * @param guardsDecide the guards are every conjunct of the expression, so when each one is known to
 *     be true the expression is true and CEL need not run at all (typical RBAC rules: method, path
 *     prefix, principal, header equality)
 * @param attribute when the whole expression reads one string attribute (a header value or a rate
 *     limit key such as {@code source.principal}): its reader, which answers without CEL whenever
 *     the attribute is present; else null
 * @param scanFactor steps per character of request data its literal searches may take (see {@code
 *     CostClassifier.scanFactor}); 0 when it has none
 */
public record CompiledExpression(
    Expression source,
    CelRuntime.Program program,
    boolean metered,
    List<RuleGuard> guards,
    boolean guardsDecide,
    RuleGuard attribute,
    long scanFactor) {

  public CompiledExpression {
    guards = List.copyOf(guards);
    guardsDecide = guardsDecide && !guards.isEmpty();
  }

  /** An expression whose guards only rule requests out; CEL decides the rest. */
  public CompiledExpression(
      Expression source, CelRuntime.Program program, boolean metered, List<RuleGuard> guards) {
    this(source, program, metered, guards, false, null, 0);
  }

  /** Evaluates against one request's variables; errors carry CEL's message. */
  public Object evaluate(RequestActivation activation) throws CelEvaluationException {
    if (attribute != null) {
      String value = attribute.read(activation);
      if (value != null) {
        return value; // absent or not a string: CEL answers, with its error
      }
    }
    boolean allTrue = true;
    for (int i = 0; i < guards.size(); i++) {
      Boolean known = guards.get(i).decide(activation);
      if (known == null) {
        allTrue = false;
      } else if (!known) {
        return Boolean.FALSE;
      }
    }
    if (guardsDecide && allTrue) {
      return Boolean.TRUE;
    }
    if (metered) {
      BudgetMeter meter = BudgetMeter.forRequest();
      try {
        return MeteredCalls.run(meter, () -> program.trace(activation, meter));
      } catch (CelEvaluationException | RuntimeException e) {
        if (meter.failure() != null) {
          throw new CostLimitExceededException(meter.failure()); // not CEL's wrapping of it
        }
        throw e;
      }
    }
    return program.eval(activation);
  }
}
