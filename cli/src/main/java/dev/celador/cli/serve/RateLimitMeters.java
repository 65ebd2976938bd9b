package dev.celador.cli.serve;

import dev.celador.engine.internal.ratelimit.RateLimitMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The engine's per-limit rate-limit counters as Prometheus counters: {@code
 * celador_ratelimit_checks_total}, {@code _denials_total}, {@code _shadow_denials_total} and {@code
 * _store_errors_total}, labelled {@code policy} (namespace/name) and {@code limit}. The labels are
 * bounded by the policy set; key values never appear. The engine keeps counters of every limit ever
 * loaded (they survive reloads), so {@link #refresh()} only ever adds meters: before each scrape
 * and after each reload.
 */
final class RateLimitMeters {

  private final MeterRegistry registry;
  private final RateLimitMetrics metrics;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  RateLimitMeters(MeterRegistry registry, RateLimitMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Registers meters for limits that appeared since the last call. */
  void refresh() {
    for (RateLimitMetrics.LimitSample sample : metrics.snapshot()) {
      if (registered.add(sample.limitId())) {
        register(sample.limitId());
      }
    }
  }

  private void register(String limitId) {
    int slash = limitId.lastIndexOf('/'); // limit names are labels: never contain '/'
    String policy = limitId.substring(0, slash);
    String limit = limitId.substring(slash + 1);
    counter(
        "checks",
        "Requests whose rate-limit check reached the store",
        limitId,
        policy,
        limit,
        s -> s.checks());
    counter(
        "denials",
        "Requests an enforced limit was over for (denied with 429)",
        limitId,
        policy,
        limit,
        s -> s.denials());
    counter(
        "shadow.denials",
        "Requests a shadow limit was over for (never denied)",
        limitId,
        policy,
        limit,
        s -> s.shadowDenials());
    counter(
        "store.errors",
        "Checks the store did not answer (timeout, Redis unreachable)",
        limitId,
        policy,
        limit,
        s -> s.storeErrors());
  }

  private void counter(
      String name,
      String description,
      String limitId,
      String policy,
      String limit,
      ToLongFunction<dev.celador.engine.internal.ratelimit.LimitCounters> value) {
    FunctionCounter.builder(
            "celador.ratelimit." + name, metrics, m -> value.applyAsLong(m.counters(limitId)))
        .description(description)
        .tag("policy", policy)
        .tag("limit", limit)
        .register(registry);
  }
}
