package dev.celador.conformance;

import static dev.celador.conformance.Checks.deniedHeader;
import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.rpc.Code;
import com.nimbusds.jose.jwk.RSAKey;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token signed by a key the JWKS published after Celador fetched it (a rotation), through the
 * packaged {@code celador serve}, while the JWKS server holds its answers: the decision waits for
 * the refetch, but no event loop does. Other requests on the same connection (gRPC) or the same
 * event loops (HTTP mode) are answered meanwhile, every waiting request shares one fetch, and a
 * fetch slower than {@code celador.jwt.fetch-timeout} fails closed with 401. The slow fetch goes
 * last: its retries would otherwise be the fetch a later test's requests join.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksRefetchIT {

  private static final String FETCH_TIMEOUT = "2s";
  private static final Duration SLOW = Duration.ofMillis(1_200);

  @TempDir static Path work;
  static JwksServer jwks;
  static CeladorProcess celador;

  @BeforeAll
  static void start() throws Exception {
    jwks = new JwksServer(true);
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(
        policies.resolve("jwt.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: api-jwt}
        spec:
          issuers:
            - {issuer: '%s', jwksUri: '%s'}
          audiences: [orders-api]
          required: true
        """
            .formatted(JwksServer.ISSUER, jwks.uri()));
    celador =
        CeladorProcess.startReady(
            policies,
            work,
            "celador.warmup.duration=300ms",
            "celador.jwt.fetch-timeout=" + FETCH_TIMEOUT,
            // Each test rotates in a key of its own and may refetch at once.
            "celador.jwt.min-refetch-interval=0s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (celador != null) {
      celador.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  private static String token(RSAKey key) throws Exception {
    return JwksServer.token(key, "alice", "orders-api", "orders.read", Duration.ofMinutes(10));
  }

  /** Publishes a new key, from now on answered only after {@code delay}; its token. */
  private static String rotate(String kid, Duration delay) throws Exception {
    RSAKey key = JwksServer.newKey(kid);
    jwks.delay(delay);
    jwks.publish(key);
    return token(key);
  }

  @Test
  @Order(1)
  void grpc_rotatedKidWhileJwksIsSlow_sameConnectionAnsweredMeanwhileOneFetch() throws Exception {
    String known = jwks.token("alice", "orders-api", "orders.read", Duration.ofMinutes(10));
    String rotated = rotate("grpc-rotated", SLOW);
    int hits = jwks.hits.get();
    // One channel is one HTTP/2 connection, served by one event loop (Check runs on it).
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
    try {
      var async = AuthorizationGrpc.newFutureStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
      List<ListenableFuture<CheckResponse>> waiting = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        waiting.add(
            async.check(
                request("GET", "api.test", "/orders")
                    .header("authorization", "Bearer " + rotated)
                    .build()));
      }
      Thread.sleep(200); // the eight reach Celador and wait for the keys

      CheckResponse other = check(channel, "/health", known);

      assertThat(other.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
      assertThat(waiting).as("answered before the JWKS").noneMatch(f -> f.isDone());
      for (ListenableFuture<CheckResponse> f : waiting) {
        assertThat(f.get(20, TimeUnit.SECONDS).getStatus().getCode()).isEqualTo(Code.OK_VALUE);
      }
    } finally {
      channel.shutdownNow();
    }
    assertThat(jwks.hits.get()).isEqualTo(hits + 1);
  }

  @Test
  @Order(2)
  void httpMode_rotatedKidOnEveryEventLoop_anotherConnectionAnsweredMeanwhile() throws Exception {
    String known = jwks.token("alice", "orders-api", "orders.read", Duration.ofMinutes(10));
    String rotated = rotate("http-rotated", SLOW);
    int hits = jwks.hits.get();
    // HTTP mode has one event loop per core and hands connections to them in turn: one waiting
    // connection per loop, then one more, which shares a loop with a waiting one.
    int loops = Runtime.getRuntime().availableProcessors();
    List<Socket> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < loops; i++) {
        waiting.add(send(rotated));
      }
      Thread.sleep(200);
      try (Socket other = send(known)) {
        assertThat(statusLine(other)).isEqualTo("HTTP/1.1 200 OK");
      }
      for (Socket socket : waiting) {
        assertThat(socket.getInputStream().available()).as("answered before the JWKS").isZero();
      }
      for (Socket socket : waiting) {
        assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 200 OK");
      }
    } finally {
      for (Socket socket : waiting) {
        socket.close();
      }
    }
    assertThat(jwks.hits.get()).isEqualTo(hits + 1);
  }

  @Test
  @Order(3)
  void grpc_jwksSlowerThanTheFetchTimeout_401UnknownKeyAtTheTimeoutCountedAndLogged()
      throws Exception {
    String rotated = rotate("late-rotated", Duration.ofSeconds(6));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
    try {
      long start = System.nanoTime();
      CheckResponse r = check(channel, "/orders", rotated);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(r.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
      assertThat(deniedHeader(r, "www-authenticate").orElseThrow().getHeader().getValue())
          .contains("error_description=\"unknown signing key\"");
      // Decided by the 2 s bound, well before the JWKS's 6 s answer.
      assertThat(millis).isBetween(1_500L, 5_000L);
    } finally {
      channel.shutdownNow();
      jwks.delay(Duration.ZERO);
    }
    String label = "{source=\"" + jwks.uri() + "\"}";
    assertThat(celador.get("/metrics").body())
        .containsPattern("celador_jwks_key_wait_timeouts_total\\Q" + label + "\\E [1-9]");
    assertThat(celador.log()).contains("jwks fetch failed or late").contains("key_wait_timeouts");
  }

  private static CheckResponse check(ManagedChannel channel, String path, String token) {
    return AuthorizationGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .check(request("GET", "api.test", path).header("authorization", "Bearer " + token).build());
  }

  /** Opens a connection and sends an HTTP-mode check with {@code token}; the answer is left. */
  private static Socket send(String token) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", celador.httpPort), 5_000);
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /orders HTTP/1.1\r\nhost: api.test\r\nauthorization: Bearer " + token + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static String statusLine(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
