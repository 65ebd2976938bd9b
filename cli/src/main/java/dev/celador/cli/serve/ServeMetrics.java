package dev.celador.cli.serve;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Prometheus metrics of {@code celador serve}. Labels are transport, decision, and the deciding
 * policy and rule ids, all bounded by the loaded policy set; never paths, hosts or principals.
 */
public final class ServeMetrics implements DecisionListener {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
  private final Timer grpcTimer = timer(Transport.GRPC);
  private final Timer httpTimer = timer(Transport.HTTP);
  private final AtomicInteger policies = new AtomicInteger();
  private final AtomicInteger lastReloadOk = new AtomicInteger(1);
  private final AtomicInteger leftOut = new AtomicInteger();
  private final Counter reloadSuccess = reloads("success");
  private final Counter reloadFailure = reloads("failure");

  public ServeMetrics() {
    Gauge.builder("celador.policies.loaded", policies, AtomicInteger::get)
        .description("Policies in the active set")
        .register(registry);
    Gauge.builder("celador.policy.reload.last.success", lastReloadOk, AtomicInteger::get)
        .description(
            "1 if the last policy (re)load succeeded, 0 if it failed and an older set serves")
        .register(registry);
    Gauge.builder("celador.policy.objects.left.out", leftOut, AtomicInteger::get)
        .description(
            "Custom resources the active set leaves out because they do not compile (cluster"
                + " source); each keeps its last good version, if it had one")
        .register(registry);
  }

  private Timer timer(Transport transport) {
    return Timer.builder("celador.check.duration")
        .description("Time to map and decide one authorization request")
        .tag("transport", transport.label())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofMillis(100))
        .register(registry);
  }

  private Counter reloads(String result) {
    return Counter.builder("celador.policy.reloads")
        .description("Policy (re)loads by result")
        .tag("result", result)
        .register(registry);
  }

  /** Exposes {@code value} as a gauge, e.g. dropped decision-log lines. */
  public void gauge(String name, String description, DoubleSupplier value) {
    // Strong: Micrometer holds a gauge's object weakly, and a method reference passed here has no
    // other holder, so after a GC the gauge read NaN (celador_decision_log_dropped did).
    Gauge.builder(name, value, DoubleSupplier::getAsDouble)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void onVerdict(Transport transport, AuthzRequest request, Verdict verdict, long nanos) {
    (transport == Transport.GRPC ? grpcTimer : httpTimer).record(nanos, TimeUnit.NANOSECONDS);
    String decision;
    String policy = "";
    String rule = "";
    if (verdict.decision() != null) {
      policy = verdict.decision().policy();
      rule = verdict.decision().rule();
    }
    if (verdict.failed()) {
      decision = "error_" + verdict.failure().name().toLowerCase(Locale.ROOT);
    } else {
      decision = verdict.decision().allowed() ? "allow" : "deny";
    }
    decisions
        .computeIfAbsent(new DecisionKey(transport, decision, policy, rule), this::counter)
        .increment();
  }

  private Counter counter(DecisionKey key) {
    return Counter.builder("celador.decisions")
        .description("Authorization decisions by deciding policy and rule")
        .tag("transport", key.transport().label())
        .tag("decision", key.decision())
        .tag("policy", key.policy())
        .tag("rule", key.rule())
        .register(registry);
  }

  public void reloaded(boolean ok, int policyCount) {
    (ok ? reloadSuccess : reloadFailure).increment();
    lastReloadOk.set(ok ? 1 : 0);
    if (ok) {
      policies.set(policyCount);
    }
  }

  /** How many custom resources the active set leaves out. */
  public void leftOut(int objects) {
    leftOut.set(objects);
  }

  /** For meters that other parts of serve own, such as the JWKS ones. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  private record DecisionKey(Transport transport, String decision, String policy, String rule) {}
}
