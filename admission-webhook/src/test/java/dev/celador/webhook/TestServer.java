package dev.celador.webhook;

import java.net.Socket;
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
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real webhook over HTTPS on a free port with a given serving chain. */
final class TestServer implements AutoCloseable {

  // TLS clients check validity against the wall clock, so certificates start now.
  static final Instant NOW = Instant.now();
  static final String SERVICE = "celador";
  static final String NAMESPACE = "celador-system";

  private final ConfigurableApplicationContext context;
  final int port;

  TestServer(Path dir, List<X509Certificate> chain, WebhookCertificates.Issued leaf, int maxBytes)
      throws Exception {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(cert, WebhookCertificates.pem(chain));
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(leaf.keys().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Path policies = Path.of(TestServer.class.getResource("/webhook/policies.yaml").toURI());
    context =
        new SpringApplication(WebhookApplication.class)
            .run(
                "--server.port=0",
                "--server.ssl.enabled=true",
                "--server.ssl.certificate=file:" + cert,
                "--server.ssl.certificate-private-key=file:" + key,
                "--celador.webhook.policies=" + policies,
                "--celador.webhook.max-request-bytes=" + maxBytes,
                "--spring.main.banner-mode=off");
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  static SSLContext trusting(X509Certificate... roots) throws Exception {
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

  /** A TLS handshake to this server, verifying the chain and {@code hostname} as a client would. */
  void handshake(SSLContext ssl, String hostname) throws Exception {
    try (Socket plain = new Socket("127.0.0.1", port);
        SSLSocket socket =
            (SSLSocket) ssl.getSocketFactory().createSocket(plain, hostname, port, true)) {
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(params);
      socket.startHandshake();
    }
  }

  HttpResponse<String> post(SSLContext ssl, byte[] body) throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    context.close();
  }
}
