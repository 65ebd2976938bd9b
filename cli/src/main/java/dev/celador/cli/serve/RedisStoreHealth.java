package dev.celador.cli.serve;

import dev.celador.engine.internal.json.JsonText;
import dev.celador.ratelimit.redis.RedisRateLimitStore;
import dev.celador.ratelimit.redis.StoreFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes the Redis rate-limit store's failures visible: a rate-limited warn line per cause, {@code
 * celador_ratelimit_redis_connected} and {@code celador_ratelimit_redis_failures_total{cause}}, and
 * the {@code rateLimitStore} object of {@code /readyz}; and how checks were answered: {@code
 * celador_ratelimit_redis_checks_total{path="script"|"lease"}}, {@code
 * celador_ratelimit_redis_lease_scripts_total}, {@code
 * celador_ratelimit_redis_lease_tokens_total{event="granted"|"returned"}}. A failing store does not
 * make serve unready: each limit's failureMode decides, and a restart would not fix Redis.
 */
final class RedisStoreHealth {

  private final FailureLog failures;

  RedisStoreHealth(FailureLog failures) {
    this.failures = failures;
  }

  /** What the store calls on every failure: one log line per cause and interval. */
  Consumer<StoreFailure> listener() {
    return failure ->
        failures.report(
            "redis " + failure.cause().label(),
            "rate-limit store error; each limit's failureMode decides meanwhile",
            Map.of(
                "backend", "redis", "cause", failure.cause().label(), "error", failure.message()));
  }

  static void register(MeterRegistry registry, RedisRateLimitStore store) {
    Gauge.builder("celador.ratelimit.redis.connected", store, s -> s.isConnected() ? 1 : 0)
        .description("1 while a connection to the rate-limit Redis is open")
        .register(registry);
    for (StoreFailure.Cause cause : StoreFailure.Cause.values()) {
      FunctionCounter.builder("celador.ratelimit.redis.failures", store, s -> s.failures(cause))
          .description("Failed Redis checks and connection attempts, by cause")
          .tag("cause", cause.label())
          .register(registry);
    }
    FunctionCounter.builder("celador.ratelimit.redis.checks", store, s -> s.stats().checks())
        .description("Checks of Redis limits, by path: a script run, or admitted from a lease")
        .tag("path", "script")
        .register(registry);
    FunctionCounter.builder("celador.ratelimit.redis.checks", store, s -> s.stats().leased())
        .description("Checks of Redis limits, by path: a script run, or admitted from a lease")
        .tag("path", "lease")
        .register(registry);
    FunctionCounter.builder(
            "celador.ratelimit.redis.lease.scripts", store, s -> s.leaseStats().scripts())
        .description("Lease scripts sent: each asks Redis for tokens of one busy bucket")
        .register(registry);
    FunctionCounter.builder(
            "celador.ratelimit.redis.lease.tokens", store, s -> s.leaseStats().granted())
        .description("Tokens leased from Redis, and unused ones given back")
        .tag("event", "granted")
        .register(registry);
    FunctionCounter.builder(
            "celador.ratelimit.redis.lease.tokens", store, s -> s.leaseStats().returned())
        .description("Tokens leased from Redis, and unused ones given back")
        .tag("event", "returned")
        .register(registry);
  }

  /** The {@code rateLimitStore} object of {@code /readyz}. */
  static String readyJson(RedisRateLimitStore store) {
    RedisRateLimitStore.Stats stats = store.stats();
    StoreFailure failure = stats.lastFailure();
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeStringProperty("backend", "redis");
          json.writeBooleanProperty("connected", stats.connected());
          if (failure != null) {
            json.writeStringProperty("error", failure.cause().label() + ": " + failure.message());
          }
          json.writeEndObject();
        });
  }
}
