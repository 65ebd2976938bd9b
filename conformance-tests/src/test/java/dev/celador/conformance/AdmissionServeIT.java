package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.webhook.WebhookCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code celador serve --admission}: the packaged jar answers AdmissionReviews over HTTPS. */
class AdmissionServeIT {

  @TempDir Path work;

  @Test
  void serveAdmission_reviewOverHttps_answeredWithPolicyDecision() throws Exception {
    ServingTls tls = ServingTls.write(work);
    Path policies = Path.of(getClass().getResource("/admission").toURI());
    int port = CeladorProcess.freePort();

    try (CeladorProcess celador =
        CeladorProcess.start(
            policies,
            work,
            List.of("--admission"),
            "celador.webhook.host=127.0.0.1",
            "celador.webhook.port=" + port,
            "celador.webhook.tls.certificate=" + tls.certificate(),
            "celador.webhook.tls.private-key=" + tls.privateKey())) {
      celador.awaitReady(Duration.ofSeconds(90));
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(trusting(tls.ca()))
              .connectTimeout(Duration.ofSeconds(5))
              .build();

      HttpResponse<String> denied = post(https, port, review("uid-denied", 9));
      HttpResponse<String> allowed = post(https, port, review("uid-allowed", 2));

      assertThat(denied.statusCode()).isEqualTo(200);
      assertThat(denied.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(denied.body())
          .contains("\"uid\":\"uid-denied\"", "\"allowed\":false", "\"code\":403")
          .contains(
              "ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit' denied"
                  + " request: replicas must be at most 5, got 9");
      assertThat(allowed.body()).contains("\"uid\":\"uid-allowed\"", "\"allowed\":true");
      assertThat(celador.log()).contains("\"msg\":\"admission webhook listening\"");
      // One management port: the webhook's meters beside the JVM's, its state in /readyz.
      assertThat(celador.get("/metrics").body())
          .contains("celador_admission_reviews_total{allowed=\"false\",code=\"403\"} 1.0")
          .contains("jvm_memory_used_bytes{", "process_uptime_seconds ");
      assertThat(celador.get("/readyz").body())
          .contains("\"admission\":{\"ready\":true,\"state\":\"serving\"");
      // The decision log of the webhook goes to stdout beside serve's own.
      assertThat(celador.decisionLines())
          .anySatisfy(l -> assertThat(l).contains("\"uid\":\"uid-denied\"", "\"allowed\":false"));
    }
  }

  @Test
  void serveAdmission_withoutCertificate_exitsWithClearError() throws Exception {
    Path policies = Path.of(getClass().getResource("/admission").toURI());
    try (CeladorProcess celador = CeladorProcess.start(policies, work, List.of("--admission"))) {
      assertThat(celador.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(celador.log())
          .contains("set celador.webhook.tls.certificate and celador.webhook.tls.private-key");
    }
  }

  /** A CA and a serving certificate for localhost, written as PEM files for the webhook. */
  record ServingTls(X509Certificate ca, Path certificate, Path privateKey) {
    static ServingTls write(Path work) throws Exception {
      Instant now = Instant.now();
      var ca = WebhookCertificates.certificateAuthority("it-ca", now, Duration.ofDays(1));
      var leaf =
          WebhookCertificates.servingCertificate(
              ca, List.of("localhost", "127.0.0.1"), now, Duration.ofDays(1));
      Path cert =
          Files.writeString(
              work.resolve("tls.crt"), WebhookCertificates.pem(List.of(leaf.certificate())));
      Path key =
          Files.writeString(
              work.resolve("tls.key"),
              "-----BEGIN PRIVATE KEY-----\n"
                  + Base64.getMimeEncoder().encodeToString(leaf.keys().getPrivate().getEncoded())
                  + "\n-----END PRIVATE KEY-----\n");
      return new ServingTls(ca.certificate(), cert, key);
    }
  }

  static String review(String uid, int replicas) {
    return """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s",
         "kind":{"group":"apps","version":"v1","kind":"Deployment"},
         "resource":{"group":"apps","version":"v1","resource":"deployments"},
         "namespace":"default","name":"web","operation":"CREATE",
         "userInfo":{"username":"alice"},
         "object":{"metadata":{"name":"web"},"spec":{"replicas":%d}}}}
        """
        .formatted(uid, replicas);
  }

  static HttpResponse<String> post(HttpClient https, int port, String body) throws Exception {
    return post(https, port, "/validate", body, HttpRequest.newBuilder());
  }

  /** POSTs {@code body} to {@code path} with what {@code request} already holds (headers). */
  static HttpResponse<String> post(
      HttpClient https, int port, String path, String body, HttpRequest.Builder request)
      throws Exception {
    return https.send(
        request
            .uri(URI.create("https://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static SSLContext trusting(java.security.cert.X509Certificate... roots) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < roots.length; i++) {
      store.setCertificateEntry("ca" + i, roots[i]);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
