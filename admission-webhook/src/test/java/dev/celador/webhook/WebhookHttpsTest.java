package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The webhook over real HTTPS with AdmissionReview fixtures. */
class WebhookHttpsTest {

  @TempDir static Path dir;
  static TestServer server;
  static SSLContext client;
  static WebhookCertificates.Issued ca;

  @BeforeAll
  static void start() throws Exception {
    // The JDK client checks hostnames; the certificate names the Service, the test dials localhost.
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    ca =
        WebhookCertificates.certificateAuthority(
            "celador-ca", TestServer.NOW, Duration.ofDays(365));
    var leaf =
        WebhookCertificates.servingCertificate(
            ca, TestServer.SERVICE, TestServer.NAMESPACE, TestServer.NOW, Duration.ofDays(90));
    server = new TestServer(dir, List.of(leaf.certificate()), leaf, 64 * 1024);
    client = TestServer.trusting(ca.certificate());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(
        Path.of(WebhookHttpsTest.class.getResource("/webhook/" + name).toURI()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String body) {
    return JsonMapper.builder().build().readValue(body, Map.class);
  }

  @Test
  void validate_allowedReview_echoesUidApiVersionAndKind() throws Exception {
    HttpResponse<String> response = server.post(client, fixture("allowed.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> review = json(response.body());
    assertThat(review)
        .containsEntry("apiVersion", "admission.k8s.io/v1")
        .containsEntry("kind", "AdmissionReview");
    assertThat((Map<String, Object>) review.get("response"))
        .containsEntry("uid", "0b9f3c1e-allowed")
        .containsEntry("allowed", true)
        .doesNotContainKeys("patch", "patchType", "status");
  }

  @Test
  @SuppressWarnings("unchecked")
  void validate_deniedReview_returnsStatusWithApiServerWordingAndAudit() throws Exception {
    HttpResponse<String> response = server.post(client, fixture("denied.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> answer = (Map<String, Object>) json(response.body()).get("response");
    assertThat(answer).containsEntry("uid", "7d3c2a10-denied").containsEntry("allowed", false);
    assertThat((Map<String, Object>) answer.get("status"))
        .containsEntry("code", 403)
        .containsEntry("reason", "Forbidden")
        .containsEntry(
            "message",
            "ValidatingAdmissionPolicy 'replica-limit' with binding 'replica-limit' denied request:"
                + " replicas must be at most 5, got 9");
    assertThat((Map<String, Object>) answer.get("auditAnnotations"))
        .containsKey("validation.policy.admission.k8s.io/validation_failure");
  }

  @Test
  void validate_wrongApiVersion_is400WithClearMessage() throws Exception {
    HttpResponse<String> response = server.post(client, fixture("wrong-version.json"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).get("error").toString())
        .contains("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview")
        .contains("admission.k8s.io/v1beta1");
  }

  @Test
  void validate_malformedJson_is400() throws Exception {
    HttpResponse<String> response = server.post(client, fixture("malformed.json"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).get("error").toString()).startsWith("malformed JSON");
  }

  @Test
  void validate_missingUid_is400() throws Exception {
    HttpResponse<String> response = server.post(client, fixture("missing-uid.json"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).get("error"))
        .isEqualTo("request.uid: required field is missing");
  }

  @Test
  void validate_overSizeLimit_is413() throws Exception {
    byte[] big = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    HttpResponse<String> response = server.post(client, big);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void validate_garbageBodies_neverAnswer500() throws Exception {
    for (String body :
        List.of(
            "",
            "null",
            "[]",
            "{}",
            "{\"apiVersion\":1}",
            "\u0000\u0001",
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"object\":[1,2]}}")) {
      int status = server.post(client, body.getBytes(StandardCharsets.UTF_8)).statusCode();
      assertThat(status).as("status for %s", body).isLessThan(500);
    }
  }

  @Test
  void validate_http11_keepsOneConnectionOpenPastTomcatsDefaultOf100Requests() throws Exception {
    // kube-apiserver reuses its HTTP/1.1 connections; closing one every 100 reviews (Tomcat's
    // default) would cost a full TLS handshake on the admission path each time.
    byte[] body = fixture("allowed.json");
    byte[] head =
        ("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (var socket =
        (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port)) {
      var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      for (int i = 1; i <= 150; i++) {
        socket.getOutputStream().write(head);
        socket.getOutputStream().write(body);
        String headers = readHeaders(in);
        assertThat(headers).as("response %d", i).startsWith("HTTP/1.1 200");
        assertThat(headers.toLowerCase()).as("response %d", i).doesNotContain("connection: close");
        String length = headers.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1");
        in.readFully(new byte[Integer.parseInt(length)]);
      }
    }
  }

  @Test
  void connector_defaultLimits_boundConnectionsAndTimeouts() {
    var protocol = (ConnectionDeadlinesProtocol) server.httpsProtocol();

    assertThat(protocol.getMaxConnections()).isEqualTo(512);
    assertThat(protocol.getAcceptCount()).isEqualTo(100);
    assertThat(protocol.getConnectionTimeout()).isEqualTo(10_000);
    assertThat(protocol.getKeepAliveTimeout()).isEqualTo(60_000);
    assertThat(protocol.getMaxKeepAliveRequests()).isEqualTo(10_000);
    assertThat(protocol.getHeaderTimeoutMillis()).isEqualTo(10_000);
    assertThat(protocol.getWhenFullMillis()).isEqualTo(10_000);
  }

  @Test
  void validate_unknownOperationOrDuplicateKey_is400NamingTheField() throws Exception {
    String review = new String(fixture("allowed.json"), StandardCharsets.UTF_8);
    Map<String, String> cases =
        Map.of(
            review.replace("\"CREATE\"", "\"EXPLODE\""),
            "request.operation: expected one of CREATE, UPDATE, DELETE, CONNECT, got \"EXPLODE\"",
            review.replace("\"name\": \"web\",", "\"name\": \"web\", \"name\": \"db\","),
            "request.name: duplicate key",
            review.replace(
                "\"kind\": {\"group\": \"apps\", \"version\": \"v1\", \"kind\": \"Deployment\"}",
                "\"kind\": null"),
            "request.kind: required field is missing");
    for (var c : cases.entrySet()) {
      assertThat(c.getKey()).isNotEqualTo(review);

      HttpResponse<String> response =
          server.post(client, c.getKey().getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).as(c.getValue()).isEqualTo(400);
      assertThat(json(response.body())).containsEntry("error", c.getValue());
    }
  }

  private static String readHeaders(DataInputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + headers);
      }
      headers.append((char) b);
    }
    return headers.toString();
  }

  @Test
  void validate_plainHttp_isRefused() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.port + "/validate"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    assertThatThrownBy(
            () -> {
              HttpResponse<String> r = plain.send(request, HttpResponse.BodyHandlers.ofString());
              // Tomcat answers a plain request on a TLS port with a 400 "plain HTTP to HTTPS" page.
              assertThat(r.statusCode()).isEqualTo(400);
              throw new IOException("answered over plain HTTP with " + r.statusCode());
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void handshake_bothServiceDnsNames_verify() throws Exception {
    String base = TestServer.SERVICE + "." + TestServer.NAMESPACE + ".svc";
    server.handshake(client, base);
    server.handshake(client, base + ".cluster.local");
  }

  @Test
  void handshake_otherName_fails() {
    assertThatThrownBy(() -> server.handshake(client, "other.celador-system.svc"))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void handshake_runsOnTheLowPriorityLane_reviewsOnTomcatsPool() throws Exception {
    server.handshake(client, TestServer.SERVICE + "." + TestServer.NAMESPACE + ".svc");
    HttpResponse<String> response = server.post(client, fixture("allowed.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    // The lane's threads start with its first task: a handshake routed anywhere else leaves none.
    List<Thread> lane =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("celador-tls-handshake-"))
            .toList();
    assertThat(lane).isNotEmpty().allMatch(t -> t.getPriority() == Thread.MIN_PRIORITY);
    assertThat(lane.size()).isLessThanOrEqualTo(LanedNioEndpoint.HANDSHAKE_THREADS);
    // The kernel's view of the same threads: SCHED_IDLE (5) where this JVM can ask for it (Java 22
    // and later; ImageIT checks the image's Java 25), else still SCHED_OTHER (0).
    assertThat(kernelPolicies("celador-tls-han"))
        .hasSize(lane.size())
        .containsOnly(IdleScheduling.available() ? "5" : "0");
  }

  /**
   * The scheduling policy (field 41 of /proc/self/task/TID/stat) of this process's threads whose OS
   * name, which the JVM sets from the Java name cut to 15 characters, is {@code name}.
   */
  private static List<String> kernelPolicies(String name) throws IOException {
    List<String> policies = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        if (Files.readString(task.resolve("comm")).strip().equals(name)) {
          String stat = Files.readString(task.resolve("stat"));
          policies.add(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3]);
        }
      }
    }
    return policies;
  }
}
