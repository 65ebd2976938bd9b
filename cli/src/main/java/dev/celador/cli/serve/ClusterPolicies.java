package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.cluster.ClusterPolicySource;
import dev.celador.cluster.ReloadOutcome;
import dev.celador.engine.PolicyEngine;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * ext_authz policies from the cluster ({@code celador.policies.source=cluster}): AccessPolicy,
 * JwtAuthentication and RateLimitPolicy custom resources watched through the API server instead of
 * a directory. The client is configured from {@code celador.kubeconfig} when set, else as fabric8
 * finds it (in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}).
 */
final class ClusterPolicies implements AutoCloseable {

  /** These settings and their defaults (see docs/serve.md). */
  static final Map<String, String> DEFAULTS = defaults();

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final KubernetesClient client;
  private final ClusterPolicySource source;

  private ClusterPolicies(KubernetesClient client, ClusterPolicySource source) {
    this.client = client;
    this.source = source;
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("celador.policies.source", "files");
    d.put("celador.kubeconfig", "");
    // Empty: every namespace (needs a ClusterRole); else only these, comma-separated.
    d.put("celador.cluster.namespaces", "");
    d.put("celador.cluster.sync-timeout", "60s");
    return Map.copyOf(d);
  }

  /** Whether policies come from the cluster; any value but files or cluster is an error. */
  static boolean enabled(Settings settings) {
    String source = settings.string("celador.policies.source");
    return switch (source) {
      case "files" -> false;
      case "cluster" -> true;
      default ->
          throw new UserException(
              "celador.policies.source must be files or cluster, got '" + source + "'");
    };
  }

  /**
   * Starts watching and returns once the first good set is active in {@code engine}; fails with
   * every problem if none is within {@code celador.cluster.sync-timeout}. {@code onReload} hears of
   * every load that compiled or failed, the first one included, on the watcher's thread.
   */
  static ClusterPolicies start(
      Settings settings, PolicyEngine engine, Consumer<ReloadOutcome> onReload)
      throws InterruptedException {
    Duration timeout = settings.duration("celador.cluster.sync-timeout");
    Set<String> namespaces = namespaces(settings);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config(settings)).build();
    ClusterPolicies policies;
    try {
      policies =
          new ClusterPolicies(
              client, ClusterPolicySource.start(client, namespaces, engine, onReload));
    } catch (RuntimeException e) {
      client.close();
      throw new UserException("celador.policies.source=cluster: cannot watch policies: " + e);
    }
    if (!policies.source.awaitReady(timeout)) {
      var problems = policies.source.stats().lastProblems();
      String master = client.getMasterUrl().toString();
      policies.close();
      throw new UserException(
          "no good policy set from the cluster ("
              + master
              + ") within celador.cluster.sync-timeout="
              + settings.string("celador.cluster.sync-timeout")
              + (problems.isEmpty()
                  ? ": is the API server reachable, are Celador's CRDs installed, and may this"
                      + " service account list and watch accesspolicies, jwtauthentications and"
                      + " ratelimitpolicies.celador.dev?"
                  : ":\n" + String.join("\n", problems)));
    }
    return policies;
  }

  /** The names in {@code celador.cluster.namespaces}; each must be a valid namespace name. */
  static Set<String> namespaces(Settings settings) {
    Set<String> namespaces = new TreeSet<>();
    for (String name : settings.string("celador.cluster.namespaces").split(",", -1)) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!NAMESPACE.matcher(trimmed).matches()) {
        throw new UserException(
            "celador.cluster.namespaces: '"
                + trimmed
                + "' is not a namespace name (RFC 1123 label)");
      }
      namespaces.add(trimmed);
    }
    return namespaces;
  }

  private static Config config(Settings settings) {
    return KubeConfigs.of(settings.path("celador.kubeconfig"), "celador.kubeconfig");
  }

  @Override
  public void close() {
    source.close();
    client.close();
  }
}
