package dev.celador.engine.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;

/**
 * Meters one CEL evaluation against a per-call limit and a shared {@link CostBudget}, in the spirit
 * of cel-go's runtime cost (which cel-java lacks): every evaluated node costs 1 except constants,
 * strings and lists built by calls add a tenth of their size and their size, and an authorization
 * check costs 350,000 as in kube-apiserver. The numbers approximate the API server's; the limits
 * are the same.
 */
public final class BudgetMeter implements CelEvaluationListener {

  /** kube-apiserver's fixed cost of one authorizer {@code check()}. */
  public static final long AUTHZ_CHECK_COST = 350_000;

  private final long perCallLimit;
  private final CostBudget budget;
  private long used;
  private String failure;

  public BudgetMeter(long perCallLimit, CostBudget budget) {
    this.perCallLimit = perCallLimit;
    this.budget = budget;
  }

  @Override
  public void callback(CelExpr expr, Object result) {
    long cost = cost(expr, result);
    used += cost;
    if (used > perCallLimit) {
      fail("operation cancelled: actual cost limit exceeded");
    }
    if (!budget.charge(cost)) {
      fail("budget exhausted");
    }
  }

  private void fail(String message) {
    if (failure == null) {
      failure = message;
    }
    throw new CostMeter.CostLimitExceededException(message);
  }

  private static long cost(CelExpr expr, Object result) {
    switch (expr.getKind()) {
      case CONSTANT:
        return 0;
      case CALL:
        String function = expr.call().function();
        if (function.equals("check") && expr.call().target().isPresent()) {
          return AUTHZ_CHECK_COST;
        }
        if (result instanceof String s) {
          return 1 + (s.length() + 9) / 10;
        }
        if (result instanceof Collection<?> c) {
          return 1 + c.size();
        }
        if (result instanceof Map<?, ?> m) {
          return 1 + m.size();
        }
        return 1;
      default:
        return 1;
    }
  }

  /** Cost spent by this evaluation so far. */
  public long used() {
    return used;
  }

  /**
   * Why the evaluation was stopped, or null. Checked after evaluation because an error inside
   * {@code ||} or {@code &&} can be absorbed by the other branch.
   */
  public String failure() {
    return failure;
  }
}
