package dev.celador.webhook;

import dev.celador.cluster.ClusterAdmissionSource;
import dev.celador.cluster.SubjectAccessReviewAuthorizer;
import dev.celador.engine.PolicyEngine;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;

/**
 * Admission policies from the cluster ({@code celador.webhook.source=cluster}): ValidatingPolicy
 * and ValidatingPolicyBinding custom resources, the params they name and the Namespaces, watched
 * through the API server, with {@code authorizer} checks answered by SubjectAccessReviews. The
 * client is configured from {@code celador.webhook.kubeconfig} when set, else as fabric8 finds it
 * (in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}). The policies load into
 * a {@link PolicyEngine} of the webhook's own, whose snapshot it admits with, as with files; under
 * {@code serve}, into serve's engine as its admission side ({@link PolicyEngine#reloadAdmission}),
 * so both front doors decide from one snapshot.
 *
 * <p>Startup waits up to {@code celador.webhook.cluster.sync-timeout} for the first good set and
 * fails with every problem otherwise, as the file source does; later changes that do not compile
 * keep the last good set (logged with the object and field, and counted).
 */
public class ClusterAdmissionPolicies implements AdmissionPolicies, DisposableBean {

  private final KubernetesClient client;
  private final PolicyEngine engine;
  private final boolean ownsEngine;
  private final ClusterAdmissionSource source;

  /**
   * @param shared serve's engine, or null for one of the webhook's own
   */
  public ClusterAdmissionPolicies(
      String kubeconfig, Duration syncTimeout, WebhookMetrics metrics, PolicyEngine shared) {
    this.ownsEngine = shared == null;
    this.engine = ownsEngine ? PolicyEngine.create(Clock.systemUTC()) : shared;
    this.client = new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
    this.source =
        ClusterAdmissionSource.start(
            client,
            engine,
            new SubjectAccessReviewAuthorizer(client),
            outcome -> {
              metrics.reloaded(outcome.succeeded());
              metrics.policiesLoaded(outcome.policyCount());
            });
    boolean ready;
    try {
      ready = source.awaitReady(syncTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready = false;
    }
    if (!ready) {
      destroy();
      throw new IllegalStateException(
          "admission policies did not load from the cluster within "
              + syncTimeout
              + (source.stats().lastProblems().isEmpty()
                  ? " (is the API server reachable, are the CRDs installed, may this service"
                      + " account list and watch them?)"
                  : ":\n" + String.join("\n", source.stats().lastProblems())));
    }
  }

  @Override
  public Active current() {
    return Active.of(engine.snapshot().orElseThrow());
  }

  private static Config config(String kubeconfig) {
    if (kubeconfig == null || kubeconfig.isBlank()) {
      return new io.fabric8.kubernetes.client.ConfigBuilder().build();
    }
    try {
      return Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read celador.webhook.kubeconfig " + kubeconfig, e);
    }
  }

  @Override
  public void destroy() {
    source.close();
    client.close();
    if (ownsEngine) {
      engine.close();
    }
  }
}
