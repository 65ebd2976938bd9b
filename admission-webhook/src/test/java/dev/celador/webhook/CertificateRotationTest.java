package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation: the webhook serves the new leaf with the new CA cross-signed by the old one, so an API
 * server whose caBundle holds only the old CA, only the new CA, or both, verifies it.
 */
class CertificateRotationTest {

  @TempDir Path dir;

  @Test
  void handshake_duringRotation_clientsTrustingOldOrNewCaBothConnect() throws Exception {
    Instant later = TestServer.NOW;
    var oldCa =
        WebhookCertificates.certificateAuthority(
            "celador-ca-1", TestServer.NOW, Duration.ofDays(365));
    var newCa =
        WebhookCertificates.certificateAuthority("celador-ca-2", later, Duration.ofDays(365));
    var leaf =
        WebhookCertificates.servingCertificate(
            newCa, TestServer.SERVICE, TestServer.NAMESPACE, later, Duration.ofDays(90));
    var bridge = WebhookCertificates.crossSign(newCa, oldCa, later, Duration.ofDays(65));
    String host = TestServer.SERVICE + "." + TestServer.NAMESPACE + ".svc";

    try (TestServer server = new TestServer(dir, List.of(leaf.certificate(), bridge), leaf, 1024)) {
      server.handshake(TestServer.trusting(oldCa.certificate()), host);
      server.handshake(TestServer.trusting(newCa.certificate()), host);
      server.handshake(
          TestServer.trusting(oldCa.certificate(), newCa.certificate()), host + ".cluster.local");
      var unrelated =
          WebhookCertificates.certificateAuthority("someone-else", later, Duration.ofDays(1));
      assertThatThrownBy(() -> server.handshake(TestServer.trusting(unrelated.certificate()), host))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void pem_caBundleDuringRotation_holdsBothCas() {
    var oldCa =
        WebhookCertificates.certificateAuthority(
            "celador-ca-1", TestServer.NOW, Duration.ofDays(365));
    var newCa =
        WebhookCertificates.certificateAuthority(
            "celador-ca-2", TestServer.NOW, Duration.ofDays(365));

    String bundle = WebhookCertificates.pem(List.of(oldCa.certificate(), newCa.certificate()));

    assertThat(bundle.split("BEGIN CERTIFICATE", -1)).hasSize(3);
  }
}
