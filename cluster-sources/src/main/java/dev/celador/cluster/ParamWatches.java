package dev.celador.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers for the param kinds the policies name: one per {@code paramKind}, started when a policy
 * first names it and stopped when none does any more.
 */
final class ParamWatches implements AutoCloseable {

  /** A policy's paramKind. */
  record ParamType(String apiVersion, String kind) {}

  private static final Logger LOG = LoggerFactory.getLogger(ParamWatches.class);

  private final KubernetesClient client;
  private final Runnable onChange;
  private final Map<ParamType, WatchedKind> watches = new HashMap<>();
  private final Set<ParamType> unresolved = new HashSet<>();

  ParamWatches(KubernetesClient client, Runnable onChange) {
    this.client = client;
    this.onChange = onChange;
  }

  /**
   * Watches exactly {@code wanted}. False while some kind is not served by the API server (its CRD
   * not installed yet, say): the caller tries again later, and meanwhile it has no params.
   */
  boolean watchOnly(Set<ParamType> wanted) {
    watches.entrySet().removeIf(e -> !wanted.contains(e.getKey()) && stop(e.getValue()));
    boolean all = true;
    for (ParamType type : wanted) {
      if (watches.containsKey(type)) {
        continue;
      }
      try {
        watches.put(type, WatchedKind.discovered(client, type.apiVersion(), type.kind(), onChange));
        unresolved.remove(type);
      } catch (KubernetesClientException e) {
        all = false;
        if (unresolved.add(type)) {
          LOG.warn(
              "paramKind {} {} is not served by the API server; no params of it until it is: {}",
              type.apiVersion(),
              type.kind(),
              e.getMessage());
        }
      }
    }
    unresolved.retainAll(wanted);
    return all;
  }

  boolean synced() {
    return watches.values().stream().allMatch(WatchedKind::synced);
  }

  List<Map<String, Object>> objects() {
    List<Map<String, Object>> all = new ArrayList<>();
    watches.values().forEach(w -> all.addAll(w.objects()));
    return all;
  }

  private static boolean stop(WatchedKind watch) {
    watch.close();
    return true;
  }

  @Override
  public void close() {
    watches.values().forEach(WatchedKind::close);
    watches.clear();
  }
}
