package dev.celador.cluster;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.cel.k8s.AuthorizationBackend;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Admission policies from the cluster: informers on ValidatingPolicy and ValidatingPolicyBinding
 * custom resources, on the param kinds those policies name, and on Namespaces (for {@code
 * namespaceSelector} and {@code namespaceObject}), loaded into a {@link PolicyEngine}: every change
 * installs the policies with their params and Namespaces in one swap, beside the engine's access
 * policies. An object that does not compile is left out, its last good version kept, while the
 * others load ({@link ClusterReloader}); each object's status says which ({@link ObjectStatus}).
 */
public final class ClusterAdmissionSource implements AutoCloseable {

  private static final Duration QUIET_PERIOD = Duration.ofMillis(100);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final List<WatchedKind> policies = new ArrayList<>();
  private final WatchedKind namespaces;
  private final ParamWatches params;
  private final AuthorizationBackend authorizer;
  private final ClusterReloader reloader;
  private final ReloadLog log;
  private final ReloadScheduler scheduler;
  private final ObjectStatus status;

  private ClusterAdmissionSource(
      KubernetesClient client,
      PolicyEngine engine,
      AuthorizationBackend authorizer,
      Consumer<ReloadOutcome> listener) {
    this.authorizer = authorizer;
    this.reloader = new ClusterReloader(engine);
    this.status = new ObjectStatus(client, Clock.systemUTC());
    this.log = new ReloadLog("admission policies", listener);
    this.scheduler = new ReloadScheduler("celador-admission-reload", QUIET_PERIOD, this::rebuild);
    this.params = new ParamWatches(client, scheduler::request);
    ClusterKinds.ADMISSION.forEach(
        type -> policies.add(WatchedKind.of(client, type, scheduler::request)));
    this.namespaces = WatchedKind.of(client, ClusterKinds.NAMESPACE, scheduler::request);
    scheduler.request();
  }

  /**
   * Starts watching and loading into {@code engine} ({@link PolicyEngine#admit} decides with what
   * loaded). {@code authorizer} answers the policies' {@code authorizer} checks (a {@link
   * SubjectAccessReviewAuthorizer} in a cluster); {@code listener} hears of every reload.
   */
  public static ClusterAdmissionSource start(
      KubernetesClient client,
      PolicyEngine engine,
      AuthorizationBackend authorizer,
      Consumer<ReloadOutcome> listener) {
    return new ClusterAdmissionSource(client, engine, authorizer, listener);
  }

  /** Waits until the informers have listed everything and the engine has admission policies. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return reloader.awaitLoaded(timeout);
  }

  public ReloadStats stats() {
    return log.stats();
  }

  /** Runs on the scheduler's thread only. */
  private void rebuild() {
    // One read serves both the load and the status, so a status names the version judged.
    PolicyObjects read = PolicyObjects.of(policies);
    boolean resolved = params.watchOnly(paramTypes(read.objects()));
    if (!resolved) {
      scheduler.requestAfter(RETRY);
    }
    if (!namespaces.synced()
        || !params.synced()
        || !policies.stream().allMatch(WatchedKind::synced)) {
      // An empty list brings no event, so look again shortly instead of waiting for one.
      scheduler.requestAfter(QUIET_PERIOD);
      return;
    }
    AdmissionContext context =
        new AdmissionContext(params.objects(), namespacesByName(), authorizer);
    log.record(reloader.reloadAdmission(read.documents(), context));
    status.syncLater(read.byKind(), reloader.verdicts());
  }

  private Map<String, Map<String, Object>> namespacesByName() {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Map<String, Object> namespace : namespaces.objects()) {
      if (namespace.get("metadata") instanceof Map<?, ?> metadata
          && metadata.get("name") instanceof String name) {
        byName.put(name, namespace);
      }
    }
    return byName;
  }

  /** The paramKinds of the policies, read from the objects so a policy that fails still counts. */
  private static Set<ParamWatches.ParamType> paramTypes(List<Map<String, Object>> objects) {
    Set<ParamWatches.ParamType> types = new LinkedHashSet<>();
    for (Map<String, Object> object : objects) {
      if (object.get("spec") instanceof Map<?, ?> spec
          && spec.get("paramKind") instanceof Map<?, ?> paramKind
          && paramKind.get("apiVersion") instanceof String apiVersion
          && paramKind.get("kind") instanceof String kind) {
        types.add(new ParamWatches.ParamType(apiVersion, kind));
      }
    }
    return types;
  }

  @Override
  public void close() {
    scheduler.close();
    status.close();
    policies.forEach(WatchedKind::close);
    namespaces.close();
    params.close();
  }
}
