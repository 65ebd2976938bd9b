package dev.celador.conformance;

import static dev.celador.conformance.CeladorWebhookInCluster.rule;
import static dev.celador.conformance.cluster.CeladorYaml.DEPLOYMENT_CREATES;
import static dev.celador.conformance.cluster.CeladorYaml.messageExpression;
import static dev.celador.conformance.cluster.CeladorYaml.validatingPolicy;
import static dev.celador.conformance.cluster.CeladorYaml.validatingPolicyBinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.cluster.CeladorCrds;
import dev.celador.conformance.cluster.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador serve --admission} with {@code celador.webhook.source=cluster} behind a real
 * kube-apiserver: Celador's ValidatingPolicy custom resources decide Deployment requests, edits to
 * them and to Namespace labels take effect without a restart, and deleting the binding lifts the
 * policy. The binding selects namespaces by their real labels, read through Celador's informer.
 */
class ClusterPolicyE2EIT {

  @TempDir static Path work;
  private static CeladorWebhookInCluster webhook;
  private static KubernetesClient admin;
  private static String name;

  @BeforeAll
  static void start() throws Exception {
    webhook = CeladorWebhookInCluster.withAdmissionPolicies(work, "celador.webhook.source=cluster");
    admin = webhook.admin;
    CeladorCrds.install(admin);
    name = "max-replicas-" + webhook.run;
    webhook.register(
        new CeladorWebhookInCluster.Hook(
            "cluster.e2e.celador.dev", "Fail", null, rule("apps", "deployments", "CREATE")));
    webhook.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.resource(binding("prod")).delete();
      admin.resource(policy(5)).delete();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void policyCustomResources_createEditRelabelDelete_takeEffectWithoutRestart() throws Exception {
    String prod = webhook.enforcedNamespace(Map.of("env", "prod"));
    String dev = webhook.enforcedNamespace(Map.of("env", "dev"));
    // Before any policy: Celador answers and allows.
    awaitOutcome(prod, 9, "");

    admin.resource(policy(5)).forceConflicts().serverSideApply();
    admin.resource(binding("prod")).forceConflicts().serverSideApply();
    awaitOutcome(prod, 9, "replicas must be at most 5, got 9");
    assertThat(denial(prod, 9))
        .contains(
            "admission webhook \"cluster.e2e.celador.dev\" denied the request:"
                + " ValidatingAdmissionPolicy '"
                + name
                + "' with binding '"
                + name
                + "' denied request: replicas must be at most 5, got 9");
    assertThat(denial(dev, 9)).as("namespace labelled env=dev").isEmpty();

    admin.resource(policy(3)).forceConflicts().serverSideApply();
    awaitOutcome(prod, 4, "replicas must be at most 3, got 4");

    Fixtures.label(admin, dev, "env", "prod");
    awaitOutcome(dev, 4, "replicas must be at most 3, got 4");

    admin.resource(binding("prod")).delete();
    awaitOutcome(prod, 9, "");
  }

  /** Waits until a dry-run create of {@code replicas} in {@code ns} gets {@code expected}. */
  private static void awaitOutcome(String ns, int replicas, String expected)
      throws InterruptedException {
    CeladorWebhookInCluster.await(
        expected.isEmpty() ? "an allowed create in " + ns : "'" + expected + "' in " + ns,
        Duration.ofSeconds(60),
        () -> {
          String outcome = denial(ns, replicas);
          return expected.isEmpty() ? outcome.isEmpty() : outcome.contains(expected);
        });
  }

  /** The API server's error for a dry-run create, "" when allowed. */
  private static String denial(String ns, int replicas) {
    Deployment d = AdmissionE2EIT.deployment("web", replicas);
    try {
      admin.apps().deployments().inNamespace(ns).resource(d).dryRun().create();
      return "";
    } catch (KubernetesClientException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static String policy(int max) {
    return validatingPolicy(
        name,
        "",
        DEPLOYMENT_CREATES,
        "object.spec.replicas <= " + max,
        messageExpression(
            "'replicas must be at most " + max + ", got ' + string(object.spec.replicas)"));
  }

  /** Binds the policy in namespaces of this run labelled {@code env=<env>}. */
  private static String binding(String env) {
    return validatingPolicyBinding(
        name, "", Map.of("env", env, CeladorWebhookInCluster.RUN_LABEL, webhook.run));
  }
}
