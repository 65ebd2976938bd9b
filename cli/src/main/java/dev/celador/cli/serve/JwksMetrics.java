package dev.celador.cli.serve;

import dev.celador.engine.internal.decisionlog.Redactor;
import dev.celador.engine.internal.jwt.KeySourceStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * JWKS fetches, failures and key counts per key source (a JWKS URI or a discovery issuer) of the
 * active policy set. The engine keeps plain counters; {@link #refresh()} copies them into meters
 * before each scrape and after each reload, registering sources that appeared and removing those no
 * policy uses any more. The source label is bounded by the policy set, like policy ids.
 */
final class JwksMetrics {

  private final MeterRegistry registry;
  private final Supplier<List<KeySourceStats>> stats;
  private final Map<String, KeySourceStats> latest = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

  JwksMetrics(MeterRegistry registry, Supplier<List<KeySourceStats>> stats) {
    this.registry = registry;
    this.stats = stats;
  }

  /** Reads the engine's counters now. */
  synchronized void refresh() {
    Set<String> seen = new HashSet<>();
    for (KeySourceStats s : stats.get()) {
      if (!remote(s)) {
        continue; // inline, file and secret keys never fetch and never change
      }
      seen.add(s.source());
      latest.put(s.source(), s);
      meters.computeIfAbsent(s.source(), this::register);
    }
    for (String gone : new ArrayList<>(meters.keySet())) {
      if (!seen.contains(gone)) {
        meters.remove(gone).forEach(registry::remove);
        latest.remove(gone);
      }
    }
  }

  /**
   * Sources fetched over HTTP are named by their JWKS URI or discovery issuer, both URLs; keys
   * fixed by the policy are "inline", "file:..." or "secret" (see {@link KeySourceStats}).
   */
  static boolean remote(KeySourceStats s) {
    return s.source().startsWith("https://") || s.source().startsWith("http://");
  }

  private List<Meter> register(String source) {
    String label = Redactor.path(source);
    return List.of(
        FunctionCounter.builder("celador.jwks.fetches", source, s -> value(s).fetches())
            .description("JWKS or OIDC discovery fetches attempted, per key source")
            .tag("source", label)
            .register(registry),
        FunctionCounter.builder("celador.jwks.failures", source, s -> value(s).failures())
            .description("JWKS fetches that failed (the previous keys stayed in use)")
            .tag("source", label)
            .register(registry),
        FunctionCounter.builder(
                "celador.jwks.key.wait.timeouts", source, s -> value(s).keyWaitTimeouts())
            .description(
                "Requests whose token named a key the set lacked and whose fetch outlasted the"
                    + " fetch timeout (answered 401 unknown key unless the key arrived)")
            .tag("source", label)
            .register(registry),
        Gauge.builder("celador.jwks.keys", source, s -> value(s).keys())
            .description("Usable keys of the key source now")
            .tag("source", label)
            .register(registry),
        Gauge.builder("celador.jwks.last.success", source, this::lastSuccess)
            .description("Epoch seconds of the last successful fetch, 0 if never")
            .tag("source", label)
            .register(registry));
  }

  private KeySourceStats value(String source) {
    KeySourceStats s = latest.get(source);
    return s == null ? KeySourceStats.fixed(source, 0) : s;
  }

  private double lastSuccess(String source) {
    KeySourceStats s = value(source);
    return s.lastSuccess() == null ? 0 : s.lastSuccess().getEpochSecond();
  }

  /**
   * For {@code /readyz}: "none" without remote sources, "ok" when each has keys, else "no keys yet:
   * " and each source without keys with its last error. Read from the active set, so sources a
   * reload added count as soon as it is active.
   */
  String status() {
    List<KeySourceStats> all = stats.get();
    if (all.stream().noneMatch(JwksMetrics::remote)) {
      return "none";
    }
    List<String> missing = withoutKeys();
    return missing.isEmpty() ? "ok" : "no keys yet: " + String.join("; ", missing);
  }

  /** A warn line per failed fetch, at most one per source and interval. */
  static Consumer<KeySourceStats> logTo(FailureLog failures) {
    return s ->
        failures.report(
            "jwks " + s.source(),
            s.keys() == 0
                ? "jwks fetch failed or late; tokens of this issuer get 401 until a fetch succeeds"
                : "jwks fetch failed or late; the previous keys stay in use",
            Map.of(
                "source", Redactor.path(s.source()),
                "error", s.lastError(),
                "failures", s.failures(),
                "key_wait_timeouts", s.keyWaitTimeouts(),
                "keys", s.keys(),
                "next_attempt", String.valueOf(s.nextAttempt())));
  }

  /** Remote sources that have no keys yet, for logs and {@code /readyz}. */
  List<String> withoutKeys() {
    return stats.get().stream()
        .filter(s -> remote(s) && s.keys() == 0)
        .map(s -> s.source() + (s.lastError().isEmpty() ? "" : ": " + s.lastError()))
        .toList();
  }
}
