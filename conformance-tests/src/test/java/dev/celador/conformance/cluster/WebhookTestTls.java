package dev.celador.conformance.cluster;

import dev.celador.webhook.WebhookCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA and a serving key pair for a webhook the tests run in this JVM: {@code tls.crt}
 * and {@code tls.key} in a directory, the CA as PEM (a webhook configuration's caBundle) and a
 * client context that trusts it.
 *
 * @param caPem the CA certificate, PEM
 * @param trust a client TLS context trusting only that CA
 */
record WebhookTestTls(String caPem, SSLContext trust) {

  /** Writes the pair for {@code names} (DNS names or IP addresses) into {@code dir}. */
  static WebhookTestTls write(Path dir, List<String> names) throws Exception {
    Instant now = Instant.now();
    var ca = WebhookCertificates.certificateAuthority("celador-test-ca", now, Duration.ofDays(1));
    var leaf = WebhookCertificates.servingCertificate(ca, names, now, Duration.ofDays(1));
    Files.writeString(dir.resolve("tls.crt"), WebhookCertificates.pem(List.of(leaf.certificate())));
    Files.writeString(
        dir.resolve("tls.key"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(leaf.keys().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, factory.getTrustManagers(), null);
    return new WebhookTestTls(WebhookCertificates.pem(List.of(ca.certificate())), ssl);
  }
}
