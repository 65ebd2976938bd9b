package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.ratelimit.CompiledLimit;
import java.util.List;

/**
 * A rate-limit policy with every limit compiled.
 *
 * @param ordinal position in evaluation order (policies sorted by id)
 */
public record CompiledRateLimitPolicy(
    int ordinal, RateLimitPolicy source, TargetMatcher target, List<CompiledLimit> limits) {

  public CompiledRateLimitPolicy {
    limits = List.copyOf(limits);
  }

  public String id() {
    return source.metadata().id();
  }

  public boolean failClosed() {
    return source.failurePolicy() == FailurePolicy.FAIL;
  }

  public boolean headersOnAllow() {
    return source.headersOnAllow();
  }
}
