package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files change under a running webhook: certificates (cert-manager renewal) and policies. */
class WebhookReloadTest {

  private static final String HOST = TestServer.SERVICE + "." + TestServer.NAMESPACE + ".svc";

  @TempDir Path dir;

  @Test
  void handshake_afterCertificateFilesChange_servesTheNewChain() throws Exception {
    var oldCa = WebhookCertificates.certificateAuthority("old", TestServer.NOW, Duration.ofDays(1));
    var newCa = WebhookCertificates.certificateAuthority("new", TestServer.NOW, Duration.ofDays(1));
    var oldLeaf = leaf(oldCa);
    var newLeaf = leaf(newCa);

    try (TestServer server = new TestServer(dir, List.of(oldLeaf.certificate()), oldLeaf, 1024)) {
      server.handshake(TestServer.trusting(oldCa.certificate()), HOST);

      TestServer.writeKeyPair(dir, List.of(newLeaf.certificate()), newLeaf);

      await(() -> server.handshake(TestServer.trusting(newCa.certificate()), HOST));
      assertThatThrownBy(() -> server.handshake(TestServer.trusting(oldCa.certificate()), HOST))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void validate_afterPolicyFileChanges_usesTheNewPolicyAndKeepsItWhenABrokenOneFollows()
      throws Exception {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    var ca = WebhookCertificates.certificateAuthority("ca", TestServer.NOW, Duration.ofDays(1));
    var leaf = leaf(ca);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Path policy = policies.resolve("limit.yaml");
    Files.writeString(policy, limitPolicy(5));
    byte[] review =
        Files.readAllBytes(
            Path.of(WebhookReloadTest.class.getResource("/webhook/denied.json").toURI()));

    try (TestServer server =
        new TestServer(
            dir,
            List.of(leaf.certificate()),
            leaf,
            List.of(
                "--celador.webhook.policies=" + policies,
                "--celador.webhook.reload-interval=100ms"))) {
      var client = TestServer.trusting(ca.certificate());
      assertThat(server.post(client, review).body()).contains("\"allowed\":false");

      Files.writeString(policy, limitPolicy(50));
      touch(policy);
      await(() -> assertThat(server.post(client, review).body()).contains("\"allowed\":true"));

      Files.writeString(policy, limitPolicy(5).replace("<=", "<= <="));
      touch(policy);
      Thread.sleep(500);
      assertThat(server.post(client, review).body()).contains("\"allowed\":true");
      assertThat(server.management("/metrics").body())
          .contains("celador_admission_reloads_total{outcome=\"failure\"} 1.0");
    }
  }

  private static String limitPolicy(int max) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: replica-limit}
        spec:
          matchConstraints:
            resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
          validations:
          - expression: "object.spec.replicas <= MAX"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: replica-limit}
        spec: {policyName: replica-limit, validationActions: [Deny]}
        """
        .replace("MAX", Integer.toString(max));
  }

  /** Moves the modification time on, so a rewrite within the clock's granularity is seen. */
  private static void touch(Path file) throws Exception {
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(counter++)));
  }

  private static int counter = 1;

  private static WebhookCertificates.Issued leaf(WebhookCertificates.Issued ca) {
    return WebhookCertificates.servingCertificate(
        ca, TestServer.SERVICE, TestServer.NAMESPACE, TestServer.NOW, Duration.ofDays(1));
  }

  private interface Check {
    void run() throws Exception;
  }

  /** Retries {@code check} for up to 15 s: reloads happen after a quiet period or poll. */
  private static void await(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
