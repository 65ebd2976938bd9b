package dev.celador.conformance.vap;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A validating webhook that admits everything and records each AdmissionReview it is sent: the
 * exact request kube-apiserver hands to validating admission (defaults applied, the user as the
 * server sees it), which Celador then judges offline. HTTPS on loopback with a self-signed
 * certificate that is also the configuration's caBundle.
 */
final class CaptureWebhook implements AutoCloseable {

  static final String NAME = "capture.corpus.celador.dev";
  private static final int MAX_BODY = 3 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpsServer server;
  private final String certificatePem;
  private final LinkedBlockingQueue<String> reviews = new LinkedBlockingQueue<>();

  CaptureWebhook(String host) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X509Certificate certificate = selfSigned(keys, host);
    certificatePem = pem(certificate);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "capture".toCharArray();
    store.setKeyEntry("capture", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(store, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(host, 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/capture",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            Map<String, Object> review = Maps.cast(JSON.readValue(body, Map.class));
            reviews.add(body);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("uid", Maps.map(review.get("request"), "request").get("uid"));
            response.put("allowed", true);
            byte[] answer =
                JSON.writeValueAsBytes(
                    Map.of(
                        "apiVersion",
                        review.get("apiVersion"),
                        "kind",
                        "AdmissionReview",
                        "response",
                        response));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /**
   * The ValidatingWebhookConfiguration sending every dry-run request (only cases are dry runs) to
   * this server, as submitted (matchPolicy Exact), failing closed so no case goes unrecorded.
   */
  Map<String, Object> configuration() {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of("*"));
    rule.put("apiVersions", List.of("*"));
    rule.put("operations", List.of("*"));
    rule.put("resources", List.of("*/*"));
    Map<String, Object> webhook = new LinkedHashMap<>();
    webhook.put("name", NAME);
    webhook.put(
        "clientConfig",
        Map.of(
            "url",
            "https://"
                + server.getAddress().getHostString()
                + ":"
                + server.getAddress().getPort()
                + "/capture",
            "caBundle",
            Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.UTF_8))));
    webhook.put("rules", List.of(rule));
    webhook.put("matchPolicy", "Exact");
    webhook.put("failurePolicy", "Fail");
    webhook.put("sideEffects", "None");
    webhook.put("admissionReviewVersions", List.of("v1"));
    webhook.put("timeoutSeconds", 10);
    webhook.put(
        "matchConditions",
        List.of(Map.of("name", "dry-runs-only", "expression", "request.dryRun == true")));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "admissionregistration.k8s.io/v1");
    config.put("kind", "ValidatingWebhookConfiguration");
    config.put("metadata", Map.of("name", NAME));
    config.put("webhooks", List.of(webhook));
    return config;
  }

  /** Every review received since the last call, oldest first. */
  List<String> drain() {
    List<String> out = new ArrayList<>();
    reviews.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static X509Certificate selfSigned(KeyPair keys, String host) throws Exception {
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=celador-corpus-capture");
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            java.util.Date.from(now.minus(Duration.ofMinutes(5))),
            java.util.Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, host)));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
