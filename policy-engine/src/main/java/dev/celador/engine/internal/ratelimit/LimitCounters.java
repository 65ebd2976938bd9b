package dev.celador.engine.internal.ratelimit;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one limit, for metrics: cheap to bump from many threads at once. They outlive policy
 * reloads, so a reload does not reset what Prometheus scrapes.
 */
public final class LimitCounters {

  private final LongAdder checks = new LongAdder();
  private final LongAdder denials = new LongAdder();
  private final LongAdder shadowDenials = new LongAdder();
  private final LongAdder storeErrors = new LongAdder();

  /** A request reached this limit's store. */
  public void checked() {
    checks.increment();
  }

  /** This enforced limit was over for a request (which was then denied). */
  public void denied() {
    denials.increment();
  }

  /** This shadow limit was over for a request; the request went on. */
  public void shadowDenied() {
    shadowDenials.increment();
  }

  /** The store did not answer (unreachable, timed out). */
  public void storeError() {
    storeErrors.increment();
  }

  public long checks() {
    return checks.sum();
  }

  public long denials() {
    return denials.sum();
  }

  public long shadowDenials() {
    return shadowDenials.sum();
  }

  public long storeErrors() {
    return storeErrors.sum();
  }
}
