package dev.celador.engine.internal.cel;

/**
 * A cost budget shared by several evaluations, as kube-apiserver shares one budget between the
 * validations, variables and messages of one policy evaluation. Not thread-safe: one per
 * evaluation.
 */
public final class CostBudget {

  private long remaining;
  private boolean exhausted;

  public CostBudget(long budget) {
    this.remaining = budget;
  }

  /** Takes {@code cost}; false (and exhausted from now on) when the budget cannot pay it. */
  public boolean charge(long cost) {
    remaining -= cost;
    if (remaining < 0) {
      exhausted = true;
    }
    return !exhausted;
  }

  public long remaining() {
    return Math.max(remaining, 0);
  }

  public boolean exhausted() {
    return exhausted;
  }
}
