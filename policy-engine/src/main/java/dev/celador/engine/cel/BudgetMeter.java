package dev.celador.engine.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;

/**
 * Meters one CEL evaluation in cel-go's cost units against a per-call limit, a shared {@link
 * CostBudget} and a cap on the values built. Two kinds of charge:
 *
 * <ul>
 *   <li>before a call runs, a function whose work grows with its arguments ({@code +} on strings
 *       and lists, {@code join}, {@code split}, {@code matches}, {@code sets.*}, …) is charged by
 *       its argument sizes through {@link #chargeCall}, from the bindings {@link MeteredCalls}
 *       installs, so the call that would exceed a limit never runs;
 *   <li>after each node, as cel-go's tracker does: 1 per evaluated node (constants free, an index
 *       lookup 1), a call that built a string or collection without a pre-charge its size (a tenth
 *       for strings), an authorization check 350,000 as in kube-apiserver.
 * </ul>
 *
 * Not thread-safe: one meter per evaluation.
 */
public final class BudgetMeter implements CelEvaluationListener {

  /** kube-apiserver's fixed cost of one authorizer {@code check()}. */
  public static final long AUTHZ_CHECK_COST = 350_000;

  /** How a meter words its failures. */
  public enum Wording {
    /** kube-apiserver's messages, for admission policies. */
    KUBERNETES,
    /** Celador's, naming the limit, for HTTP authorization. */
    CELADOR
  }

  private final long perCallLimit;
  private final CostBudget budget;
  private final long maxBuilt;
  private final Wording wording;
  private long used;
  private long built;
  private String failure;

  /** An admission meter: kube-apiserver's per-call limit and wording, the admission build cap. */
  public BudgetMeter(long perCallLimit, CostBudget budget) {
    this(perCallLimit, budget, CelLimits.MAX_ADMISSION_BUILT, Wording.KUBERNETES);
  }

  public BudgetMeter(long perCallLimit, CostBudget budget, long maxBuilt, Wording wording) {
    this.perCallLimit = perCallLimit;
    this.budget = budget;
    this.maxBuilt = maxBuilt;
    this.wording = wording;
  }

  /** A meter for one HTTP-authorization expression: {@link CelLimits#HTTP_COST_LIMIT}. */
  public static BudgetMeter forRequest() {
    return new BudgetMeter(
        CelLimits.HTTP_COST_LIMIT, null, CelLimits.MAX_HTTP_BUILT, Wording.CELADOR);
  }

  @Override
  public void callback(CelExpr expr, Object result) {
    charge(cost(expr, result), "the expression");
  }

  /**
   * Charges a call before it runs: {@code cost} units, and {@code builds} characters or elements of
   * the value it will build. Throws {@link CostLimitExceededException} when either is over.
   */
  public void chargeCall(String function, long cost, long builds) {
    built += builds;
    if (builds > 0 && (built > maxBuilt || built < 0)) {
      fail(
          wording == Wording.KUBERNETES
              ? "operation cancelled: actual cost limit exceeded"
              : function
                  + " would build "
                  + builds
                  + " characters or elements, over the limit of "
                  + maxBuilt
                  + " per evaluation");
    }
    charge(cost, function);
  }

  private void charge(long cost, String what) {
    used += cost;
    if (used > perCallLimit || used < 0) {
      fail(
          wording == Wording.KUBERNETES
              ? "operation cancelled: actual cost limit exceeded"
              : what + " costs more than the limit of " + perCallLimit);
    }
    if (budget != null && !budget.charge(cost)) {
      fail("budget exhausted");
    }
  }

  private void fail(String message) {
    if (failure == null) {
      failure = wording == Wording.KUBERNETES ? message : "cost limit exceeded: " + message;
    }
    throw new CostLimitExceededException(failure);
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
        if (MeteredCalls.PRECHARGED_FUNCTIONS.contains(function) || function.startsWith("_[")) {
          return 1; // its size was charged before it ran, or it looks a value up: cel-go's 1
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
