package dev.celador.engine.internal.ratelimit;

import dev.celador.engine.internal.cel.CompiledExpression;
import dev.celador.engine.internal.model.RateLimit;
import dev.celador.engine.internal.model.RateLimit.FailureMode;

/**
 * One limit ready to check: its expressions compiled, its store and counters resolved.
 *
 * @param id {@code namespace/policy/limit}: names the limit's buckets and metrics
 * @param when null when the limit applies to every request of its target
 * @param policyItem the limit's {@code RateLimit-Policy} item, built once
 */
public record CompiledLimit(
    RateLimit source,
    String id,
    CompiledExpression key,
    CompiledExpression when,
    GcraRate rate,
    RateLimitStore store,
    LimitCounters counters,
    String policyItem) {

  public String name() {
    return source.name();
  }

  public boolean shadow() {
    return source.shadow();
  }

  public boolean failClosed() {
    return source.failureMode() == FailureMode.CLOSED;
  }
}
