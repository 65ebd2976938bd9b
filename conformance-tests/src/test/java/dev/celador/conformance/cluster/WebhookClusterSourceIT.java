package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.CeladorYaml.CONFIGMAP_CREATES;
import static dev.celador.conformance.cluster.CeladorYaml.message;
import static dev.celador.conformance.cluster.CeladorYaml.validatingPolicy;
import static dev.celador.conformance.cluster.CeladorYaml.validatingPolicyBinding;
import static dev.celador.conformance.cluster.Fixtures.VALIDATING_POLICY;
import static dev.celador.conformance.cluster.Fixtures.VALIDATING_POLICY_BINDING;
import static dev.celador.conformance.cluster.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.conformance.kube.KubeCluster;
import dev.celador.webhook.WebhookApplication;
import dev.celador.webhook.WebhookCertificates;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admission webhook with {@code celador.webhook.source=cluster}: it loads ValidatingPolicy
 * custom resources from a real API server and answers AdmissionReviews over HTTPS with them,
 * picking up a new policy without a restart.
 */
class WebhookClusterSourceIT {

  @TempDir Path dir;

  @Test
  void clusterSource_policyCreatedInTheCluster_decidesReviews() throws Exception {
    KubeCluster cluster = KubeCluster.get();
    KubernetesClient admin = cluster.client();
    CeladorCrds.install(admin);
    String ns = Fixtures.namespace(admin);
    String name = "webhook-" + Fixtures.suffix();
    SSLContext trust =
        WebhookTestTls.write(dir, WebhookCertificates.serviceNames("celador", "celador-system"))
            .trust();
    String[] args = {
      "--celador.webhook.source=cluster",
      "--celador.webhook.kubeconfig=" + cluster.kubeconfig(),
      "--celador.webhook.port=0",
      "--celador.webhook.management-port=0",
      "--celador.webhook.tls.certificate=file:" + dir.resolve("tls.crt"),
      "--celador.webhook.tls.private-key=file:" + dir.resolve("tls.key")
    };
    try (ConfigurableApplicationContext webhook =
        new SpringApplication(WebhookApplication.class).run(args)) {
      int port = Integer.parseInt(webhook.getEnvironment().getProperty("local.server.port"));
      assertThat(post(trust, port, ns)).contains("\"allowed\":true");

      Fixtures.apply(
          admin,
          VALIDATING_POLICY,
          validatingPolicy(
              name,
              "",
              CONFIGMAP_CREATES,
              "has(object.data) && 'owner' in object.data",
              message("configmaps need an owner")));
      Fixtures.apply(
          admin,
          VALIDATING_POLICY_BINDING,
          validatingPolicyBinding(name, "", Map.of("celador-test", ns)));
      try {
        assertThat(eventually(() -> post(trust, port, ns).contains("\"allowed\":false"))).isTrue();
        assertThat(post(trust, port, ns))
            .contains(
                "ValidatingAdmissionPolicy '"
                    + name
                    + "' with binding '"
                    + name
                    + "' denied request: configmaps need an owner");
      } finally {
        Fixtures.deletePolicyAndBinding(admin, name);
      }
    }
  }

  private static String post(SSLContext trust, int port, String ns) {
    String review =
        """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "7c1b0e5a-0000-4000-8000-000000000001",
          "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
          "resource": {"group": "", "version": "v1", "resource": "configmaps"},
          "namespace": "%s", "name": "cm", "operation": "CREATE",
          "userInfo": {"username": "alice"},
          "object": {"apiVersion": "v1", "kind": "ConfigMap",
                     "metadata": {"name": "cm", "namespace": "%s"}, "data": {"a": "1"}}}}
        """
            .formatted(ns, ns);
    try {
      HttpsURLConnection connection =
          (HttpsURLConnection)
              URI.create("https://127.0.0.1:" + port + "/validate").toURL().openConnection();
      connection.setSSLSocketFactory(trust.getSocketFactory());
      // The certificate names the Service's DNS name, as in a cluster; the test dials loopback.
      connection.setHostnameVerifier((host, session) -> true);
      connection.setRequestMethod("POST");
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setDoOutput(true);
      connection.getOutputStream().write(review.getBytes(StandardCharsets.UTF_8));
      try (var in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
