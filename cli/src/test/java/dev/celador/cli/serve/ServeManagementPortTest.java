package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import dev.celador.webhook.AdmissionSourceConfiguration;
import dev.celador.webhook.WebhookCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve in this JVM on free loopback ports, with and without the admission webhook: one management
 * port carries the meters of both front doors and the JVM's, and its probes include the webhook.
 */
class ServeManagementPortTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: open}
      spec:
        target: {hosts: [shop.test]}
        action: ALLOW
        rules:
          - {name: anyone, when: "true"}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: replica-limit}
      spec:
        matchConstraints:
          resourceRules:
          - apiGroups: ["apps"]
            apiVersions: ["v1"]
            operations: ["CREATE"]
            resources: ["deployments"]
        validations:
        - expression: "object.spec.replicas <= 5"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: replica-limit}
      spec:
        policyName: replica-limit
        validationActions: [Deny]
      """;

  private static final String REVIEW =
      """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1",
       "kind":{"group":"apps","version":"v1","kind":"Deployment"},
       "resource":{"group":"apps","version":"v1","resource":"deployments"},
       "namespace":"default","name":"web","operation":"CREATE","userInfo":{"username":"alice"},
       "object":{"metadata":{"name":"web"},"spec":{"replicas":9}}}}
      """;

  @TempDir Path dir;
  @TempDir Path webhookPolicies; // apart from dir, which serve loads whole
  private final HttpClient http = HttpClient.newHttpClient();
  private ServeRuntime runtime;
  private int managementPort; // 0: the one the started runtime bound
  private X509Certificate ca;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop();
    }
  }

  private Map<String, String> settings(int managementPort) throws Exception {
    Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    Map<String, String> set = new HashMap<>();
    set.put("celador.policies", dir.toString());
    set.put("celador.server.host", "127.0.0.1");
    set.put("celador.management.host", "127.0.0.1");
    set.put("celador.grpc.port", "-1");
    set.put("celador.http.port", "0");
    set.put("celador.management.port", Integer.toString(managementPort));
    set.put("celador.warmup.duration", "100ms");
    set.put("celador.reload.enabled", "false");
    set.put("celador.decision-log.enabled", "false");
    set.put("celador.shutdown.drain-delay", "0ms");
    set.put("celador.shutdown.grace", "1s");
    return set;
  }

  private ServeRuntime runtime(Map<String, String> set) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    runtime = new ServeRuntime(Settings.resolve(null, Map.of(), set), quiet);
    return runtime;
  }

  /** Webhook settings with a serving certificate for localhost in files. */
  private Map<String, String> withWebhook(int managementPort) throws Exception {
    Instant now = Instant.now();
    var authority = WebhookCertificates.certificateAuthority("test-ca", now, Duration.ofDays(1));
    ca = authority.certificate();
    var leaf =
        WebhookCertificates.servingCertificate(
            authority, List.of("localhost", "127.0.0.1"), now, Duration.ofDays(1));
    Path cert =
        Files.writeString(
            dir.resolve("tls.crt"), WebhookCertificates.pem(List.of(leaf.certificate())));
    Path key =
        Files.writeString(
            dir.resolve("tls.key"),
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(leaf.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    Map<String, String> set = settings(managementPort);
    set.put("celador.webhook.enabled", "true");
    set.put("celador.webhook.host", "127.0.0.1");
    set.put("celador.webhook.port", "0");
    set.put("celador.webhook.tls.certificate", cert.toString());
    set.put("celador.webhook.tls.private-key", key.toString());
    return set;
  }

  @Test
  void metrics_serveAdmission_onePortCarriesBothDoorsAndTheJvm() throws Exception {
    runtime(withWebhook(0)).start();

    assertThat(ServeTestClient.check(runtime.httpPort(), "shop.test", "")).isEqualTo(200);
    HttpResponse<String> review = validate("/validate");
    assertThat(review.body()).contains("\"allowed\":false");

    // Spring records the request's server meter after the response is written: wait for it.
    String metrics = management("/metrics").body();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!metrics.contains("uri=\"/validate\"") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      metrics = management("/metrics").body();
    }
    assertThat(metrics)
        .contains(
            "celador_decisions_total{decision=\"allow\",policy=\"open\",rule=\"anyone\","
                + "transport=\"http\"} 1.0",
            "celador_admission_reviews_total{allowed=\"false\",code=\"422\"} 1.0",
            "celador_admission_policies 1.0",
            "jvm_memory_used_bytes{",
            "jvm_threads_live_threads ",
            "process_cpu_usage ",
            "process_uptime_seconds ",
            "system_cpu_count ");
    // The webhook's Spring Boot meters (HTTP server, Tomcat) are on the same registry.
    assertThat(metrics)
        .contains("tomcat_sessions_active_current_sessions ")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/validate\"} 1\n");
    // Spring Boot's JVM binders stay off: serve's are the only ones (one GC pause count).
    assertThat(metrics.lines().filter(l -> l.startsWith("# TYPE jvm_memory_used_bytes ")))
        .hasSize(1);
    // No management server of the webhook's own, and no actuator on its HTTPS port either.
    assertThat(runtime.webhook().context().getEnvironment().getProperty("local.management.port"))
        .isNull();
    assertThat(validate("/metrics").statusCode()).isNotEqualTo(200);
    HttpResponse<String> ready = management("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body())
        .contains("\"ready\":true", "\"admission\":{\"ready\":true,\"state\":\"serving\"")
        .contains("\"policies\":1,\"tls\":\"files\"}");
    HttpResponse<String> live = management("/healthz");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).startsWith("{\"live\":true,\"admission\":{\"ready\":true");
  }

  @Test
  void reload_webhookSharesServesEngine_oneReloadChangesBothDoors() throws Exception {
    Map<String, String> set = withWebhook(0);
    set.put("celador.reload.enabled", "true");
    set.put("celador.reload.poll-interval", "100ms");
    runtime(set).start();
    assertThat(ServeTestClient.check(runtime.httpPort(), "shop.test", "")).isEqualTo(200);
    assertThat(validate("/validate").body()).contains("\"allowed\":false");
    // One engine: the webhook admits with serve's and polls no policy files of its own.
    assertThat(runtime.webhook().context().containsBean(AdmissionSourceConfiguration.SHARED_ENGINE))
        .isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("celador-policy-reload"));

    Files.writeString(
        dir.resolve("policies.yaml"),
        POLICIES.replace("<= 5", "<= 10").replace("when: \"true\"", "when: \"false\""));

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    boolean admitted = false;
    while (!admitted && System.nanoTime() < deadline) {
      Thread.sleep(100);
      admitted = validate("/validate").body().contains("\"allowed\":true");
    }
    assertThat(admitted).as("the webhook admits with the reloaded policies").isTrue();
    assertThat(ServeTestClient.check(runtime.httpPort(), "shop.test", "")).isEqualTo(403);
  }

  @Test
  void reload_webhookWithPoliciesOfItsOwn_oneEngineServesDirectoryReloadKeepsWebhookPolicies()
      throws Exception {
    Map<String, String> set = withWebhook(0);
    Path own = webhookPolicies;
    // Only the admission documents of POLICIES, with a looser limit than serve's directory has.
    Files.writeString(
        own.resolve("vap.yaml"),
        POLICIES
            .substring(POLICIES.indexOf("apiVersion: admissionregistration"))
            .replace("<= 5", "<= 10"));
    set.put("celador.webhook.policies", own.toString());
    set.put("celador.reload.enabled", "true");
    set.put("celador.reload.poll-interval", "100ms");
    runtime(set).start();
    assertThat(runtime.webhook().context().containsBean(AdmissionSourceConfiguration.SHARED_ENGINE))
        .isTrue();
    assertThat(validate("/validate").body())
        .as("the webhook's own policies, not serve's directory's")
        .contains("\"allowed\":true");

    Files.writeString(
        dir.resolve("policies.yaml"), POLICIES.replace("when: \"true\"", "when: \"false\""));

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = ServeTestClient.check(runtime.httpPort(), "shop.test", "");
    }
    assertThat(status).as("serve's directory reloaded the access side").isEqualTo(403);
    assertThat(validate("/validate").body())
        .as("and kept the webhook's admission policies")
        .contains("\"allowed\":true");
  }

  @Test
  void metrics_withoutAdmission_carriesJvmAndProcessMeters() throws Exception {
    runtime(settings(0)).start();

    String metrics = management("/metrics").body();

    assertThat(metrics)
        .contains("jvm_memory_used_bytes{", "jvm_classes_loaded_classes ", "process_cpu_usage ")
        .contains("process_uptime_seconds ", "process_files_open_files ")
        .doesNotContain("celador_admission_");
    assertThat(management("/healthz").body()).isEqualTo("{\"live\":true}\n");
    assertThat(management("/readyz").body()).doesNotContain("admission");
  }

  @Test
  void readyz_webhookWaitingForItsPolicies_notReadyThenStartFails() throws Exception {
    int closedPort = freePort();
    Path kubeconfig = ServeTestClient.unreachableKubeconfig(dir, closedPort);
    managementPort = freePort();
    Map<String, String> set = withWebhook(managementPort);
    set.put("celador.webhook.source", "cluster");
    set.put("celador.webhook.kubeconfig", kubeconfig.toString());
    set.put("celador.webhook.cluster.sync-timeout", "5s");
    ServeRuntime serve = runtime(set);
    CompletableFuture<Void> start =
        CompletableFuture.runAsync(
            () -> {
              try {
                serve.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    HttpResponse<String> ready = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!start.isDone() && System.nanoTime() < deadline) {
      try {
        ready = management("/readyz");
        if (ready.body().contains("\"admission\"")) {
          break;
        }
      } catch (java.io.IOException notYetListening) {
        // the management port opens after the policies load
      }
      Thread.sleep(50);
    }

    assertThat(ready).isNotNull();
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body())
        .contains("\"ready\":false", "\"admission\":{\"ready\":false,\"state\":\"starting\"");
    assertThat(management("/healthz").statusCode()).isEqualTo(200);
    assertThatThrownBy(start::join)
        .hasRootCauseInstanceOf(UserException.class)
        .rootCause()
        .hasMessageContaining("admission webhook did not start");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> management(String path) throws Exception {
    int port = managementPort > 0 ? managementPort : runtime.managementPort();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> validate(String path) throws Exception {
    HttpClient https = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    return https.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + runtime.webhook().port() + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(REVIEW))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(X509Certificate root) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", root);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
