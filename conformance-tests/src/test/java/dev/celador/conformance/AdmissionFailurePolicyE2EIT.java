package dev.celador.conformance;

import static dev.celador.conformance.CeladorWebhookInCluster.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook process stopped: a {@code failurePolicy: Fail} webhook rejects requests, an {@code
 * Ignore} one lets them through; restarted, Celador reuses the stored CA so nothing needs patching.
 */
class AdmissionFailurePolicyE2EIT {

  @TempDir static Path work;
  private static CeladorWebhookInCluster webhook;
  private static KubernetesClient admin;
  private static String ns;

  @BeforeAll
  static void start() throws Exception {
    webhook = CeladorWebhookInCluster.withAdmissionPolicies(work);
    admin = webhook.admin;
    webhook.register(hook("Fail"), hook("Ignore"));
    webhook.start();
    ns = webhook.enforcedNamespace(Map.of());
    CeladorWebhookInCluster.await(
        "the API server to call Celador",
        Duration.ofSeconds(60),
        AdmissionFailurePolicyE2EIT::probe);
  }

  /** A dry-run create through the Fail webhook; true once Celador has answered it. */
  private static boolean probe() {
    try {
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(configMap("probe-" + System.nanoTime(), "Fail"))
          .dryRun()
          .create();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Calls Celador for ConfigMaps labelled {@code failure-policy=<policy>}. */
  private static CeladorWebhookInCluster.Hook hook(String policy) {
    return new CeladorWebhookInCluster.Hook(
        policy.toLowerCase() + ".e2e.celador.dev",
        policy,
        new LabelSelectorBuilder().withMatchLabels(Map.of("failure-policy", policy)).build(),
        rule("", "configmaps", "CREATE"));
  }

  private static ConfigMap configMap(String name, String policy) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("failure-policy", policy))
        .endMetadata()
        .withData(Map.of("k", "v"))
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void webhookDown_failRejectsIgnoreAdmits_restartReusesTheStoredCa() throws Exception {
    var secret = admin.secrets().inNamespace(webhook.home).withName("celador-tls");
    String secretVersion = secret.get().getMetadata().getResourceVersion();
    List<String> bundles = webhook.caBundles();
    String configurationVersion = webhook.configuration().getMetadata().getResourceVersion();
    admin.configMaps().inNamespace(ns).resource(configMap("while-up", "Fail")).create();

    webhook.stop();

    assertThatThrownBy(
            () ->
                admin
                    .configMaps()
                    .inNamespace(ns)
                    .resource(configMap("down-fail", "Fail"))
                    .create())
        .hasMessageContaining("failed calling webhook \"fail.e2e.celador.dev\"");
    admin.configMaps().inNamespace(ns).resource(configMap("down-ignore", "Ignore")).create();
    assertThat(admin.configMaps().inNamespace(ns).withName("down-fail").get()).isNull();
    assertThat(admin.configMaps().inNamespace(ns).withName("down-ignore").get()).isNotNull();

    webhook.start();
    admin.configMaps().inNamespace(ns).resource(configMap("after-restart", "Fail")).create();

    assertThat(admin.configMaps().inNamespace(ns).withName("after-restart").get()).isNotNull();
    webhook.assertDecisionLogged("\"name\":\"after-restart\"", "\"allowed\":true");
    assertThat(secret.get().getMetadata().getResourceVersion()).isEqualTo(secretVersion);
    assertThat(webhook.caBundles()).isEqualTo(bundles);
    assertThat(webhook.configuration().getMetadata().getResourceVersion())
        .isEqualTo(configurationVersion);
  }
}
