package dev.celador.conformance;

import static dev.celador.conformance.cluster.Fixtures.suffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.conformance.cluster.Fixtures;
import dev.celador.conformance.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a real API server that enforces RBAC and native ValidatingAdmissionPolicy.
 */
class KubeClusterIT {

  private static KubeCluster cluster;
  private static KubernetesClient admin;

  @BeforeAll
  static void cluster() {
    cluster = KubeCluster.get();
    admin = cluster.client();
  }

  @Test
  void impersonatedUserIsBoundByRbac() {
    String ns = namespace();
    try (KubernetesClient nobody = cluster.impersonating("alice", "dev")) {
      assertThatThrownBy(() -> nobody.secrets().inNamespace(ns).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403))
          .hasMessageContaining("User \"alice\" cannot list resource \"secrets\"");
    }
    assertThat(admin.secrets().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void nativeValidatingAdmissionPolicyDenies() throws InterruptedException {
    String ns = namespace();
    String name = "harness-" + suffix();
    admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .resource(
            new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .addNewResourceRule()
                .withApiGroups("")
                .withApiVersions("v1")
                .withOperations("CREATE")
                .withResources("configmaps")
                .endResourceRule()
                .endMatchConstraints()
                .addNewValidation()
                .withExpression("!has(object.data) || !('forbidden' in object.data)")
                .withMessage("no forbidden key")
                .endValidation()
                .endSpec()
                .build())
        .create();
    admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .resource(
            new ValidatingAdmissionPolicyBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withPolicyName(name)
                .withValidationActions("Deny")
                .withNewMatchResources()
                .withNewNamespaceSelector()
                .addToMatchLabels("harness", ns)
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build())
        .create();

    // The API server loads policies through an informer, so the first denial takes a moment.
    String message = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (message == null && System.nanoTime() < deadline) {
      try {
        admin
            .configMaps()
            .inNamespace(ns)
            .resource(Fixtures.configMap("probe", "forbidden", "x"))
            .dryRun()
            .create();
        Thread.sleep(200);
      } catch (KubernetesClientException e) {
        assertThat(e.getCode()).isEqualTo(422);
        message = e.getStatus().getMessage();
      }
    }
    assertThat(message)
        .isEqualTo(
            "configmaps \"probe\" is forbidden: ValidatingAdmissionPolicy '%s' with binding '%s' denied"
                    .formatted(name, name)
                + " request: no forbidden key");
    assertThat(
            admin
                .configMaps()
                .inNamespace(ns)
                .resource(Fixtures.configMap("allowed", "fine", "x"))
                .create()
                .getMetadata()
                .getUid())
        .isNotBlank();
  }

  @Test
  void kubectlReachesTheClusterThroughTheKubeconfig() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        cluster.isLocal(), "kubectl is built only locally");
    Process kubectl =
        new ProcessBuilder(
                List.of(
                    cluster.binary("kubectl").orElseThrow().toString(),
                    "--kubeconfig",
                    cluster.kubeconfig().toString(),
                    "get",
                    "namespace",
                    "kube-system",
                    "-o",
                    "jsonpath={.status.phase}"))
            .redirectErrorStream(true)
            .start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo("Active");
  }

  private static String namespace() {
    String name = "t-" + suffix();
    Fixtures.createNamespace(admin, name, Map.of("harness", name));
    return name;
  }
}
