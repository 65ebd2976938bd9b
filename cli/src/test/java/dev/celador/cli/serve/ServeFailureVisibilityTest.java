package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve in this JVM, on free loopback ports, with a Redis and JWKS endpoints where nothing listens:
 * every failure shows in the log (once per cause, however many requests fail), in {@code /readyz}
 * and in {@code /metrics}, including for a key source that a reload added.
 */
class ServeFailureVisibilityTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: JwtAuthentication
      metadata: {name: sso}
      spec:
        target: {hosts: [jwt.shop]}
        issuers:
          - issuer: https://idp.test
            jwksUri: http://127.0.0.1:%d/first
        audiences: [orders]
      ---
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: strict}
      spec:
        target: {hosts: [limited.shop]}
        limits:
          - name: shared
            key: request.headers["x-user"]
            rate: {requests: 100, period: 1s}
            backend: redis
            failureMode: closed
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: open}
      spec:
        target: {hosts: [limited.shop]}
        action: ALLOW
        rules:
          - {name: anyone, when: "true"}
      """;

  private static final String ADDED =
      """
      apiVersion: celador.dev/v1alpha1
      kind: JwtAuthentication
      metadata: {name: partner}
      spec:
        target: {hosts: [partner.shop]}
        issuers:
          - issuer: https://partner.test
            jwksUri: http://127.0.0.1:%d/added
        audiences: [orders]
      """;

  @TempDir Path dir;
  private final LogCapture err = new LogCapture("dev.celador");
  private final HttpClient http = HttpClient.newHttpClient();
  private int closedPort;
  private ServeRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Files.writeString(dir.resolve("policies.yaml"), POLICIES.formatted(closedPort));
    Map<String, String> set = new HashMap<>();
    set.put("celador.policies", dir.toString());
    set.put("celador.server.host", "127.0.0.1");
    set.put("celador.management.host", "127.0.0.1");
    set.put("celador.grpc.port", "0");
    set.put("celador.http.port", "0");
    set.put("celador.management.port", "0");
    set.put("celador.warmup.duration", "100ms");
    set.put("celador.jwt.ready-timeout", "500ms");
    set.put("celador.reload.enabled", "false");
    set.put("celador.decision-log.enabled", "false");
    set.put("celador.shutdown.drain-delay", "0ms");
    set.put("celador.shutdown.grace", "1s");
    set.put("celador.ratelimit.redis.url", "redis://:not-the-password@127.0.0.1:" + closedPort);
    runtime =
        new ServeRuntime(
            Settings.resolve(null, Map.of(), set),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    runtime.start();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop();
    }
    err.close();
  }

  private int check(String host, String header) throws Exception {
    return ServeTestClient.check(runtime.httpPort(), host, header);
  }

  private String management(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.managementPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private long logLines(String msg) {
    return err.lines().stream().filter(l -> l.contains("\"msg\":\"" + msg)).count();
  }

  @Test
  void check_redisUnreachable_deniedLoggedOnceInReadyzAndCounted() throws Exception {
    for (int i = 0; i < 20; i++) {
      // The decision is a 503 (failureMode closed); HTTP mode sends 5xx denials as 403.
      assertThat(check("limited.shop", "x-user: u" + i)).isEqualTo(403);
    }

    assertThat(logLines("rate-limit store error")).isEqualTo(1);
    assertThat(err.text()).doesNotContain("not-the-password");
    assertThat(management("/readyz"))
        .contains(
            "\"rateLimitStore\":{\"backend\":\"redis\",\"connected\":false,\"error\":\"connect:")
        .doesNotContain("not-the-password");
    String metrics = management("/metrics");
    assertThat(metrics).contains("celador_ratelimit_redis_connected 0.0");
    assertThat(counter(metrics, "celador_ratelimit_redis_failures_total{cause=\"connect\"}"))
        .isGreaterThanOrEqualTo(20);
  }

  @Test
  void verify_badTokens_rejectedLoggedOnceAndCountedByFailure() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(check("jwt.shop", "Authorization: Bearer not.a.token" + i)).isEqualTo(401);
    }

    assertThat(logLines("jwt authentication failed")).isEqualTo(1);
    assertThat(err.text()).doesNotContain("not.a.token");
    assertThat(
            counter(
                management("/metrics"),
                "celador_jwt_failures_total{failure=\"malformed\",policy=\"sso\"}"))
        .isEqualTo(10);
  }

  @Test
  void readyz_jwksSourceAddedByReload_showsWithItsError() throws Exception {
    assertThat(management("/readyz"))
        .contains("\"jwks\":\"no keys yet: http://127.0.0.1:" + closedPort + "/first: ")
        .doesNotContain("/added");
    assertThat(logLines("jwks fetch failed or late; tokens of this issuer get 401")).isEqualTo(1);

    Files.writeString(dir.resolve("added.yaml"), ADDED.formatted(closedPort));
    runtime.reload();

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String readyz = management("/readyz");
    while (!readyz.contains("/added: ") && System.nanoTime() < deadline) {
      Thread.sleep(20); // the added source's first fetch runs in the background
      readyz = management("/readyz");
    }
    assertThat(readyz)
        .contains("http://127.0.0.1:" + closedPort + "/first: ")
        .contains("http://127.0.0.1:" + closedPort + "/added: ");
    assertThat(management("/metrics"))
        .contains(
            "celador_jwks_failures_total{source=\"http://127.0.0.1:" + closedPort + "/added\"}");
    assertThat(logLines("jwks fetch failed or late; tokens of this issuer get 401")).isEqualTo(2);
  }

  /** The value of the sample named exactly {@code series} in a Prometheus scrape. */
  private static double counter(String scrape, String series) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in the scrape:\n" + scrape));
  }
}
