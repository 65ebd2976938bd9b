package dev.celador.conformance;

import static dev.celador.conformance.Checks.deniedHeader;
import static dev.celador.conformance.Checks.okHeader;
import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JwtAuthentication end to end through the packaged {@code celador serve}: keys come from a real
 * JWKS server on loopback (keys generated now), answers go out over gRPC and HTTP mode.
 */
class JwtIT {

  static final String INVALID =
      "Bearer error=\"invalid_token\", error_description=\"token expired\"";

  @TempDir static Path work;
  static JwksServer jwks;
  static CeladorProcess celador;
  static ManagedChannel channel;
  static AuthorizationGrpc.AuthorizationBlockingStub authz;
  static int readyzWhileJwksDown;
  static String readyzBodyWhileJwksDown;
  static ServingStatus healthWhileJwksDown;

  @BeforeAll
  static void start() throws Exception {
    jwks = new JwksServer(false);
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        policies.resolve("policies.yaml"),
        Files.readString(Path.of("src/test/resources/jwt/policies.yaml"))
            .replace("JWKS_URI", jwks.uri()));
    celador =
        CeladorProcess.start(
            policies,
            work,
            "celador.warmup.duration=300ms",
            "celador.jwt.ready-timeout=60s",
            "celador.decision-log.allow-sample-rate=1.0");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
    authz = AuthorizationGrpc.newBlockingStub(channel);
    // The JWKS endpoint fails: celador must stay unready while it retries.
    awaitWaitingForKeys(Duration.ofSeconds(30));
    awaitJwksHits(2, Duration.ofSeconds(30));
    var readyz = celador.get("/readyz");
    readyzWhileJwksDown = readyz.statusCode();
    readyzBodyWhileJwksDown = readyz.body();
    healthWhileJwksDown = health();
    jwks.serve();
    celador.awaitReady(Duration.ofSeconds(30));
  }

  private static void awaitWaitingForKeys(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!celador.get("/readyz").body().contains("\"jwks\":\"waiting\"")
        && System.nanoTime() < deadline) {
      if (!celador.alive()) {
        throw new IllegalStateException("celador exited: " + celador.log());
      }
      Thread.sleep(50);
    }
  }

  private static void awaitJwksHits(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (jwks.hits.get() < n && System.nanoTime() < deadline) {
      if (!celador.alive()) {
        throw new IllegalStateException("celador exited: " + celador.log());
      }
      Thread.sleep(50);
    }
  }

  private static ServingStatus health() {
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } catch (RuntimeException e) {
      return ServingStatus.UNKNOWN; // not listening yet
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (celador != null) {
      celador.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  static CheckResponse check(Checks c) {
    return authz.withDeadlineAfter(5, TimeUnit.SECONDS).check(c.build());
  }

  static String valid(String scope) throws Exception {
    return jwks.token("alice", "orders-api", scope, Duration.ofMinutes(10));
  }

  // --- readiness and metrics ---

  @Test
  void readiness_jwksDown_notReadyAndNotServingUntilFirstKeysArrive() {
    assertThat(readyzWhileJwksDown).isEqualTo(503);
    assertThat(readyzBodyWhileJwksDown).contains("\"jwks\":\"waiting\"");
    assertThat(healthWhileJwksDown).isNotEqualTo(ServingStatus.SERVING);
    assertThat(celador.get("/readyz").body()).contains("\"jwks\":\"ok\"");
    assertThat(health()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void metrics_jwksFetchesFailuresAndKeysPerSource() {
    String metrics = celador.get("/metrics").body();
    String label = "{source=\"" + jwks.uri() + "\"}";

    assertThat(metrics).contains("celador_jwks_keys" + label + " 1.0");
    assertThat(metrics).containsPattern("celador_jwks_fetches_total\\Q" + label + "\\E [2-9]");
    assertThat(metrics).containsPattern("celador_jwks_failures_total\\Q" + label + "\\E [1-9]");
  }

  // --- gRPC ---

  @Test
  void check_validToken_allowedWithClaimOverwritingClientCopyAndTokenRemoved() throws Exception {
    CheckResponse r =
        check(
            request("GET", "api.test", "/orders")
                .header("authorization", "Bearer " + valid("orders.read"))
                .header("x-user-id", "admin"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    var user = okHeader(r, "x-user-id").orElseThrow();
    assertThat(user.getHeader().getValue()).isEqualTo("alice");
    assertThat(user.getAppendAction()).isEqualTo(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    assertThat(user.getAppend().getValue()).isFalse();
    assertThat(r.getOkResponse().getHeadersToRemoveList()).contains("authorization");
  }

  @Test
  void check_validTokenWithoutScope_forbiddenByAccessPolicyOnClaims() throws Exception {
    CheckResponse r =
        check(
            request("GET", "api.test", "/orders")
                .header("authorization", "Bearer " + valid("profile")));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
  }

  @Test
  void check_expiredToken_unauthenticated401WithInvalidTokenChallenge() throws Exception {
    String expired = jwks.token("alice", "orders-api", "orders.read", Duration.ofMinutes(-10));
    CheckResponse r =
        check(request("GET", "api.test", "/").header("authorization", "Bearer " + expired));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
    assertThat(deniedHeader(r, "www-authenticate").orElseThrow().getHeader().getValue())
        .isEqualTo(INVALID);
    assertThat(r.getDeniedResponse().getBody()).contains("expired").doesNotContain(expired);
  }

  @Test
  void check_wrongAudience_401NamingTheReason() throws Exception {
    String other = jwks.token("alice", "billing-api", "orders.read", Duration.ofMinutes(10));
    CheckResponse r =
        check(request("GET", "api.test", "/").header("authorization", "Bearer " + other));

    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
    assertThat(deniedHeader(r, "www-authenticate").orElseThrow().getHeader().getValue())
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"wrong audience\"");
  }

  @Test
  void check_missingRequiredToken_401WithBareBearerChallenge() {
    CheckResponse r = check(request("GET", "api.test", "/").header("x-user-id", "admin"));

    assertThat(r.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
    assertThat(r.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
    assertThat(deniedHeader(r, "www-authenticate").orElseThrow().getHeader().getValue())
        .isEqualTo("Bearer");
  }

  // --- HTTP mode ---

  static HttpResponse<String> httpMode(Map<String, String> headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + celador.httpPort + "/orders"));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpMode_validToken_200WithClaimHeaderAndAuthorizationToRemove() throws Exception {
    HttpResponse<String> r =
        httpMode(Map.of("authorization", "Bearer " + valid("orders.read"), "x-user-id", "admin"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("x-user-id")).containsExactly("alice");
    assertThat(r.headers().firstValue("x-envoy-auth-headers-to-remove").orElseThrow())
        .contains("authorization");
  }

  @Test
  void httpMode_expiredToken_401WithChallenge() throws Exception {
    String expired = jwks.token("alice", "orders-api", "orders.read", Duration.ofMinutes(-10));
    HttpResponse<String> r = httpMode(Map.of("authorization", "Bearer " + expired));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate").orElseThrow()).isEqualTo(INVALID);
  }

  @Test
  void httpMode_missingToken_401WithBareBearer() throws Exception {
    HttpResponse<String> r = httpMode(Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("www-authenticate").orElseThrow()).isEqualTo("Bearer");
  }

  @Test
  void decisionLog_neverContainsTheToken() throws Exception {
    String token = valid("orders.read");
    check(request("GET", "api.test", "/").header("authorization", "Bearer " + token));
    Thread.sleep(400);

    String lines = String.join("\n", celador.decisionLines());
    assertThat(lines).contains("\"policy\":\"orders-scope\"").doesNotContain(token);
    assertThat(celador.log()).doesNotContain(token);
  }
}
