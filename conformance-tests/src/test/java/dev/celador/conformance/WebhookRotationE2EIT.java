package dev.celador.conformance;

import static dev.celador.conformance.CeladorWebhookInCluster.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full CA rotation of bootstrap TLS, sped up to seconds, under a steady stream of requests the
 * API server sends to Celador with {@code failurePolicy: Fail}: none may fail, and the caBundle
 * must go from the old CA, through both, to the new one.
 */
class WebhookRotationE2EIT {

  @TempDir static Path work;
  private static CeladorWebhookInCluster webhook;
  private static KubernetesClient admin;

  @BeforeAll
  static void start() throws Exception {
    webhook =
        CeladorWebhookInCluster.withAdmissionPolicies(
            work,
            // A CA lives 30 s: the new one joins at 20 s, signs at 24 s, the old leaves at 28 s.
            "celador.webhook.tls.ca-validity=30s",
            "celador.webhook.tls.serving-validity=30s",
            "celador.webhook.tls.rotation-overlap=4s");
    admin = webhook.admin;
    webhook.register(
        new CeladorWebhookInCluster.Hook(
            "rotation.e2e.celador.dev", "Fail", null, rule("", "configmaps", "CREATE")));
    webhook.start();
  }

  private static void dryRunCreate(String ns, String name) {
    admin
        .configMaps()
        .inNamespace(ns)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build())
        .dryRun()
        .create();
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void caRotation_underLoad_noRequestFailsAndBundleMovesThroughBothCas() throws Exception {
    String ns = webhook.enforcedNamespace(Map.of());
    CeladorWebhookInCluster.await(
        "the API server to call Celador",
        Duration.ofSeconds(60),
        () -> {
          try {
            dryRunCreate(ns, "probe");
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        });
    List<String> bundleHistory = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    long end = System.nanoTime() + 45_000_000_000L;
    while (System.nanoTime() < end) {
      List<String> bundles = webhook.caBundles();
      String bundle = bundles.get(0);
      if (bundleHistory.isEmpty() || !bundleHistory.get(bundleHistory.size() - 1).equals(bundle)) {
        bundleHistory.add(bundle);
      }
      try {
        dryRunCreate(ns, "r-" + sent);
      } catch (RuntimeException e) {
        failures.add(e.getMessage());
      }
      sent++;
      Thread.sleep(100);
    }

    assertThat(failures).as("requests that failed during the rotation").isEmpty();
    assertThat(
            webhook.celador().decisionLines().stream()
                .filter(l -> l.contains("\"name\":\"r-"))
                .count())
        .isEqualTo(sent);
    assertThat(
            bundleHistory.stream().map(b -> b.split("BEGIN CERTIFICATE", -1).length - 1).toList())
        .as("CAs in caBundle over time")
        .containsSubsequence(1, 2, 1);
    assertThat(bundleHistory.get(bundleHistory.size() - 1)).isNotEqualTo(bundleHistory.get(0));
    assertThat(webhook.celador().log()).contains("new CA signs the serving certificate");
  }
}
