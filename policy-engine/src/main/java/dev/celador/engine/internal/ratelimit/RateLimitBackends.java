package dev.celador.engine.internal.ratelimit;

import dev.celador.engine.internal.model.RateLimit.Backend;
import java.util.Objects;
import java.util.Optional;

/**
 * The stores limits run on, and their metrics. Lives as long as the engine, not a policy set, so
 * buckets and counters survive reloads. The embedded default is local only; whoever assembles the
 * server adds Redis from its configuration.
 */
public final class RateLimitBackends {

  private final LocalRateLimitStore local;
  private final Optional<RateLimitStore> redis;
  private final RateLimitMetrics metrics;

  private RateLimitBackends(
      LocalRateLimitStore local, Optional<RateLimitStore> redis, RateLimitMetrics metrics) {
    this.local = Objects.requireNonNull(local);
    this.redis = redis;
    this.metrics = metrics;
  }

  /** Local buckets on the system ticker: the default for the CLI and the embedded engine. */
  public static RateLimitBackends local() {
    return local(new LocalRateLimitStore(Ticker.system()));
  }

  public static RateLimitBackends local(LocalRateLimitStore store) {
    return new RateLimitBackends(store, Optional.empty(), new RateLimitMetrics());
  }

  /** These backends with {@code store} serving the limits that say {@code backend: redis}. */
  public RateLimitBackends withRedis(RateLimitStore store) {
    return new RateLimitBackends(local, Optional.of(store), metrics);
  }

  /**
   * The store for {@code backend}. Without a configured Redis ({@code celador eval}, tests), redis
   * limits run on the local store: exact, but per process; {@link #redisConfigured()} tells.
   */
  public RateLimitStore store(Backend backend) {
    return backend == Backend.REDIS && redis.isPresent() ? redis.get() : local;
  }

  public boolean redisConfigured() {
    return redis.isPresent();
  }

  public LocalRateLimitStore localStore() {
    return local;
  }

  public RateLimitMetrics metrics() {
    return metrics;
  }
}
