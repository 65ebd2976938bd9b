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
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real webhook over HTTPS on a free port with a given serving chain. */
final class TestServer implements AutoCloseable {

  // TLS clients check validity against the wall clock, so certificates start now.
  static final Instant NOW = Instant.now();
  static final String SERVICE = "celador";
  static final String NAMESPACE = "celador-system";

  private final ConfigurableApplicationContext context;
  final int port;
  final int managementPort;

  TestServer(Path dir, List<X509Certificate> chain, WebhookCertificates.Issued leaf, int maxBytes)
      throws Exception {
    this(dir, chain, leaf, List.of("--celador.webhook.max-request-bytes=" + maxBytes));
  }

  /** A server with {@code extra} arguments; policies default to the webhook test policies. */
  TestServer(
      Path dir, List<X509Certificate> chain, WebhookCertificates.Issued leaf, List<String> extra)
      throws Exception {
    writeKeyPair(dir, chain, leaf);
    Path policies = Path.of(TestServer.class.getResource("/webhook/policies.yaml").toURI());
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--celador.webhook.port=0",
                "--celador.webhook.management-port=0",
                "--celador.webhook.tls.certificate=file:" + dir.resolve("tls.crt"),
                "--celador.webhook.tls.private-key=file:" + dir.resolve("tls.key"),
                "--celador.webhook.tls.quiet-period=200ms"));
    if (extra.stream().noneMatch(a -> a.startsWith("--celador.webhook.policies="))) {
      args.add("--celador.webhook.policies=" + policies);
    }
    args.addAll(extra);
    context = WebhookApplication.application().run(args.toArray(String[]::new));
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    managementPort =
        Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
  }

  /** A server with its own CA and {@code extra} arguments, and a client trusting that CA. */
  record WithClient(TestServer server, SSLContext client) {}

  static WithClient withFreshCa(Path dir, List<String> extra) throws Exception {
    var ca =
        WebhookCertificates.certificateAuthority(
            "celador-ca", TestServer.NOW, Duration.ofDays(365));
    var leaf =
        WebhookCertificates.servingCertificate(ca, SERVICE, NAMESPACE, NOW, Duration.ofDays(90));
    return new WithClient(
        new TestServer(dir, List.of(leaf.certificate()), leaf, extra), trusting(ca.certificate()));
  }

  /** Writes {@code tls.crt} and {@code tls.key} as cert-manager does. */
  static void writeKeyPair(Path dir, List<X509Certificate> chain, WebhookCertificates.Issued leaf)
      throws Exception {
    Files.writeString(dir.resolve("tls.crt"), WebhookCertificates.pem(chain));
    Files.writeString(
        dir.resolve("tls.key"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(leaf.keys().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
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
    return post(ssl, "/validate", body);
  }

  HttpResponse<String> post(SSLContext ssl, String path, byte[] body) throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the management port (plain HTTP). */
  HttpResponse<String> management(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The HTTPS connector's protocol settings, as Tomcat runs them. */
  AbstractProtocol<?> httpsProtocol() {
    var web = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
    return (AbstractProtocol<?>) web.getTomcat().getConnector().getProtocolHandler();
  }

  @Override
  public void close() {
    context.close();
  }
}
