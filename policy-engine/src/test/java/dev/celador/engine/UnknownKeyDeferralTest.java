package dev.celador.engine;

import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static dev.celador.engine.internal.jwt.TestTokens.ISSUER;
import static dev.celador.engine.internal.jwt.TestTokens.claims;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.jwt.JwksServer;
import dev.celador.engine.internal.jwt.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token naming a key its issuer's set lacks, through {@link PolicyEngine#evaluateAsync}: the
 * decision waits for the JWKS fetch without any thread waiting, every such request shares one
 * fetch, and a fetch slower than the fetch timeout fails closed. The JWKS is a real HTTP server on
 * loopback that holds its answer ({@link JwksServer.Mode#HANG}).
 */
class UnknownKeyDeferralTest {

  private static final RSAKey KEY = TestTokens.rsa("k1");
  private static final RSAKey ROTATED = TestTokens.rsa("k2");
  private static final String FRONTEND = spiffe("web", "frontend");
  private static final String ORDERS = spiffe("shop", "orders");

  @TempDir Path dir;
  private JwksServer server;
  private PolicyEngine engine;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestTokens.jwks(KEY));
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  /**
   * Loads a policy trusting {@link #server}'s keys for {@code fetchTimeout}; no minimum interval
   * between fetches, so each test can trigger a refetch at once with a fixed clock.
   */
  private void load(Duration fetchTimeout) throws Exception {
    engine =
        PolicyEngine.create(
            Policies.CLOCK,
            JwksOptions.defaults()
                .withFetchTimeout(fetchTimeout)
                .withMinRefetchInterval(Duration.ZERO));
    Files.writeString(
        dir.resolve("policies.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: corp, namespace: shop}
        spec:
          issuers:
            - {issuer: %s, jwksUri: '%s'}
          audiences: [orders]
          required: true
        """
            .formatted(ISSUER, server.jwksUri()));
    LoadResult result = engine.reload(List.of(dir));
    assertThat(result.render()).isEmpty();
  }

  private CompletableFuture<Decision> decide(String token) {
    return engine.decide(
        request(FRONTEND, ORDERS, "GET", "/orders", Map.of("authorization", "Bearer " + token)));
  }

  /** A token naming {@code kid}, which no JWKS publishes; its signature is never checked. */
  private static String madeUpKid(String kid) {
    return TestTokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}")
        + "."
        + TestTokens.b64(claims())
        + ".c2ln";
  }

  /** The server publishes the rotated key too, but holds every answer for {@code millis}. */
  private void rotateSlowly(long millis) {
    server.setJwks(TestTokens.jwks(KEY, ROTATED));
    server.setHangMillis(millis);
    server.setMode(JwksServer.Mode.HANG);
  }

  @Test
  void evaluateAsync_rotatedKidWhileFetching_completesWhenTheKeysArriveNotOnTheCaller()
      throws Exception {
    load(Duration.ofSeconds(5));
    assertThat(engine.awaitKeys(Duration.ofSeconds(10))).isTrue();
    int warm = server.jwksHits();
    rotateSlowly(700);

    CompletableFuture<Decision> rotated = decide(token(ROTATED, "RS256", claims()));
    // The caller got its future back before the JWKS answered: it did not wait for the fetch.
    assertThat(rotated).isNotDone();
    AtomicReference<String> finisher = new AtomicReference<>();
    Decision decision =
        rotated
            .thenApply(
                d -> {
                  finisher.set(Thread.currentThread().getName());
                  return d;
                })
            .get(10, TimeUnit.SECONDS);

    assertThat(decision.allowed()).as(decision.reasons().toString()).isTrue();
    assertThat(finisher.get()).isEqualTo("celador-jwks");
    assertThat(server.jwksHits()).isEqualTo(warm + 1);
    // Known keys never wait, fetch or not.
    assertThat(decide(token(KEY, "RS256", claims())))
        .isCompletedWithValueMatching(Decision::allowed);
  }

  @Test
  void evaluateAsync_manyRequestsForUnknownKidsWhileFetching_shareOneFetch() throws Exception {
    load(Duration.ofSeconds(5));
    assertThat(engine.awaitKeys(Duration.ofSeconds(10))).isTrue();
    int warm = server.jwksHits();
    // Signed before the fetch starts: with no minimum refetch interval, a request that arrived
    // after the fetch ended (RSA signing is slow on a loaded machine) would rightly fetch again.
    List<String> rotatedTokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rotatedTokens.add(token(ROTATED, "RS256", claims()));
    }
    rotateSlowly(2_000);

    List<CompletableFuture<Decision>> rotated = new ArrayList<>();
    List<CompletableFuture<Decision>> madeUp = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rotated.add(decide(rotatedTokens.get(i)));
      madeUp.add(decide(madeUpKid("nobody-" + i)));
    }
    CompletableFuture.allOf(rotated.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    CompletableFuture.allOf(madeUp.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(server.jwksHits()).isEqualTo(warm + 1);
    assertThat(rotated).allSatisfy(f -> assertThat(f.join().allowed()).isTrue());
    assertThat(madeUp)
        .allSatisfy(
            f -> {
              assertThat(f.join().status()).isEqualTo(401);
              assertThat(f.join().reasons().get(0)).startsWith("jwt unknown_key: ");
            });
    assertThat(engine.keyStats().get(0).keyWaitTimeouts()).isZero();
  }

  @Test
  void evaluateAsync_fetchSlowerThanTheTimeout_401UnknownKeyAtTheTimeoutAndCounted()
      throws Exception {
    load(Duration.ofMillis(300));
    // On a loaded machine the first fetch may time out; the source retries within seconds.
    assertThat(engine.awaitKeys(Duration.ofSeconds(10))).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (engine.keyStats().get(0).keys() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(engine.keyStats().get(0).keys()).isEqualTo(1);
    rotateSlowly(5_000);

    List<CompletableFuture<Decision>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(decide(token(ROTATED, "RS256", claims())));
    }
    assertThat(waiting).allSatisfy(f -> assertThat(f).isNotDone());

    for (CompletableFuture<Decision> f : waiting) {
      // Well before the JWKS's 5 s answer: the 300 ms bound decided.
      Decision d = f.get(3, TimeUnit.SECONDS);
      assertThat(d.status()).isEqualTo(401);
      assertThat(d.reasons().get(0))
          .startsWith("jwt unknown_key: ")
          .contains("did not arrive within the JWKS fetch timeout");
      assertThat(d.responseHeaders().get("www-authenticate"))
          .contains("error_description=\"unknown signing key\"");
    }
    assertThat(engine.keyStats().get(0).keyWaitTimeouts()).isEqualTo(3);
  }

  @Test
  void evaluateAsync_firstFetchStillRunning_waitsForItWithoutBlocking() throws Exception {
    server.setHangMillis(700);
    server.setMode(JwksServer.Mode.HANG);
    load(Duration.ofSeconds(5));

    CompletableFuture<Decision> first = decide(token(KEY, "RS256", claims()));
    assertThat(first).isNotDone();

    assertThat(first.get(10, TimeUnit.SECONDS).allowed()).isTrue();
    assertThat(server.jwksHits()).isEqualTo(1);
  }
}
