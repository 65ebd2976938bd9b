package dev.celador.cluster;

import dev.celador.engine.PolicyEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * HTTP policies from the cluster, for {@code celador serve}: informers on AccessPolicy,
 * JwtAuthentication and RateLimitPolicy custom resources feed a {@link PolicyEngine}, which swaps
 * each set in atomically. An object that does not compile is left out, its last good version kept,
 * while the others load ({@link ObjectIsolation}); each object's status says which ({@link
 * ObjectStatus}). Key sources that would read files on the server's pod are refused ({@link
 * PodFileKeySources}).
 */
public final class ClusterPolicySource implements AutoCloseable {

  private static final Duration QUIET_PERIOD = Duration.ofMillis(100);

  private final List<WatchedKind> policies = new ArrayList<>();
  private final ClusterReloader reloader;
  private final ReloadLog log;
  private final ReloadScheduler scheduler;
  private final ObjectStatus status;

  private ClusterPolicySource(
      KubernetesClient client,
      Set<String> namespaces,
      PolicyEngine engine,
      Consumer<ReloadOutcome> listener) {
    this.reloader = new ClusterReloader(engine);
    this.status = new ObjectStatus(client, Clock.systemUTC());
    this.log = new ReloadLog("HTTP policies", listener);
    this.scheduler = new ReloadScheduler("celador-policy-reload", QUIET_PERIOD, this::rebuild);
    for (var type : ClusterKinds.HTTP) {
      if (namespaces.isEmpty()) {
        policies.add(WatchedKind.of(client, type, scheduler::request));
      } else {
        new TreeSet<>(namespaces)
            .forEach(
                ns -> policies.add(WatchedKind.inNamespace(client, type, ns, scheduler::request)));
      }
    }
    scheduler.request();
  }

  /** Starts watching and loading into {@code engine}; {@code listener} hears of every reload. */
  public static ClusterPolicySource start(
      KubernetesClient client, PolicyEngine engine, Consumer<ReloadOutcome> listener) {
    return new ClusterPolicySource(client, Set.of(), engine, listener);
  }

  /**
   * Like {@link #start(KubernetesClient, PolicyEngine, Consumer)}, reading only the objects in
   * {@code namespaces} (all namespaces when empty), so a namespaced Role can grant the access.
   */
  public static ClusterPolicySource start(
      KubernetesClient client,
      Set<String> namespaces,
      PolicyEngine engine,
      Consumer<ReloadOutcome> listener) {
    return new ClusterPolicySource(client, Set.copyOf(namespaces), engine, listener);
  }

  /** Waits until the informers have listed everything and the engine has a policy set. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return reloader.awaitLoaded(timeout);
  }

  public ReloadStats stats() {
    return log.stats();
  }

  private void rebuild() {
    if (!policies.stream().allMatch(WatchedKind::synced)) {
      scheduler.requestAfter(QUIET_PERIOD);
      return;
    }
    // One read serves both the load and the status, so a status names the version judged.
    PolicyObjects read = PolicyObjects.of(policies);
    log.record(reloader.reload(read.documents(), PodFileKeySources.refuse(read.objects())));
    status.syncLater(read.byKind(), reloader.verdicts());
  }

  @Override
  public void close() {
    scheduler.close();
    status.close();
    policies.forEach(WatchedKind::close);
  }
}
