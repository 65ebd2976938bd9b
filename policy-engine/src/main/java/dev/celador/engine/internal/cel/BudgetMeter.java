package dev.celador.engine.internal.cel;

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
  private final long maxCharacters;
  private final long maxElements;
  private final Wording wording;
  private long used;
  private long characters;
  private long elements;
  private String failure;

  /** An admission meter: kube-apiserver's per-call limit and wording, the admission build caps. */
  public BudgetMeter(long perCallLimit, CostBudget budget) {
    this(
        perCallLimit,
        budget,
        CelLimits.MAX_ADMISSION_BUILT,
        CelLimits.MAX_ADMISSION_BUILT,
        Wording.KUBERNETES);
  }

  public BudgetMeter(
      long perCallLimit, CostBudget budget, long maxCharacters, long maxElements, Wording wording) {
    this.perCallLimit = perCallLimit;
    this.budget = budget;
    this.maxCharacters = maxCharacters;
    this.maxElements = maxElements;
    this.wording = wording;
  }

  /** A meter for one HTTP-authorization expression: {@link CelLimits#HTTP_COST_LIMIT}. */
  public static BudgetMeter forRequest() {
    return new BudgetMeter(
        CelLimits.HTTP_COST_LIMIT,
        null,
        CelLimits.MAX_HTTP_CHARACTERS,
        CelLimits.MAX_HTTP_ELEMENTS,
        Wording.CELADOR);
  }

  @Override
  public void callback(CelExpr expr, Object result) {
    charge(cost(expr, result), "the expression");
  }

  /**
   * Charges a call before it runs: {@code cost} units, and the characters and list elements of the
   * value it will build. Throws {@link CostLimitExceededException} when any is over its limit.
   */
  void chargeCall(String function, CallCosts.Charge charge) {
    characters += charge.characters();
    elements += charge.elements();
    if (charge.characters() > 0 && (characters > maxCharacters || characters < 0)) {
      overBuilt(function, charge.characters(), "characters", maxCharacters);
    }
    if (charge.elements() > 0 && (elements > maxElements || elements < 0)) {
      overBuilt(function, charge.elements(), "list elements", maxElements);
    }
    charge(charge.cost(), function);
  }

  private void overBuilt(String function, long builds, String what, long limit) {
    fail(
        wording == Wording.KUBERNETES
            ? "operation cancelled: actual cost limit exceeded"
            : function
                + " would build "
                + builds
                + " "
                + what
                + ", over the limit of "
                + limit
                + " per evaluation");
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
