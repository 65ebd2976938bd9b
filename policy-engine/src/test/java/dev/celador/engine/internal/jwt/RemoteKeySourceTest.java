package dev.celador.engine.internal.jwt;

import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static dev.celador.engine.internal.jwt.TestTokens.b64;
import static dev.celador.engine.internal.jwt.TestTokens.claims;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key sets fetched from a real HTTP server on loopback, serving keys generated for the test. */
class RemoteKeySourceTest {

  private static final RSAKey RSA = TestTokens.rsa("rsa-1");
  private static final ECKey EC = TestTokens.ec("ec-1");
  private static final OctetKeyPair ED = TestTokens.ed25519("ed-1");
  private static final RSAKey ROTATED = TestTokens.rsa("rsa-2");
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(NOW);
  private JwksServer server;
  private KeySources sources;
  private JwtVerifier verifier;
  private int warmHits;
  private long warmFailures;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestTokens.jwks(RSA, EC, ED));
    // Generous: a loaded CI machine must not turn the first fetch into a timeout.
    useOptions(JwksOptions.defaults().withFetchTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    sources.close();
    server.close();
  }

  private void useOptions(JwksOptions options) {
    if (sources != null) {
      sources.close();
    }
    sources = new KeySources(clock, options);
    verifier = new JwtVerifier(clock, 1_000);
  }

  private IssuerVerifier issuer(KeySourceSpec.Kind kind, String issuerName, String value)
      throws Exception {
    JwtIssuer issuer = Issuers.issuer(issuerName, kind, value);
    KeySource keys = sources.sourceFor(issuer);
    return new IssuerVerifier(issuer, keys);
  }

  private IssuerVerifier warmJwksUri() throws Exception {
    IssuerVerifier issuer =
        issuer(KeySourceSpec.Kind.JWKS_URI, TestTokens.ISSUER, server.jwksUri());
    issuer.keys().firstFetch().get(10, TimeUnit.SECONDS);
    // Should the first fetch time out on a loaded machine, the source retries after a second or
    // two.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (issuer.keys().current().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(issuer.keys().current().size()).isEqualTo(3);
    warmHits = server.jwksHits();
    warmFailures = issuer.keys().stats().failures();
    return issuer;
  }

  private JwtFailure failureOf(String token, IssuerVerifier issuer) {
    JwtRejection rejection =
        catchThrowableOfType(JwtRejection.class, () -> verifier.verify(token, List.of(issuer)));
    assertThat(rejection).as("token should be rejected").isNotNull();
    return rejection.failure();
  }

  /** A token naming {@code kid}, with a signature that is never checked: no key has that kid. */
  private static String unknownKidToken(String kid) {
    return b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "." + b64(claims()) + ".c2ln";
  }

  @Test
  void verify_rs256Ps256Es256EdDsa_accepted() throws Exception {
    IssuerVerifier issuer = warmJwksUri();

    for (String token :
        List.of(
            token(RSA, "RS256", claims()),
            token(RSA, "PS256", claims()),
            token(EC, "ES256", claims()),
            token(ED, "EdDSA", claims()))) {
      assertThat(verifier.verify(token, List.of(issuer)).token().subject()).isEqualTo("alice");
    }
    assertThat(server.jwksHits()).isEqualTo(warmHits);
    assertThat(issuer.keys().stats().keys()).isEqualTo(3);
  }

  @Test
  void verify_oidcDiscovery_readsJwksUriFromTheIssuer() throws Exception {
    IssuerVerifier issuer = issuer(KeySourceSpec.Kind.DISCOVERY, server.base(), server.base());
    String token =
        token(EC, "ES256", claims(server.base(), "\"orders\"", NOW.getEpochSecond() + 60));

    assertThat(verifier.verify(token, List.of(issuer)).token().issuer()).isEqualTo(server.base());
    assertThat(server.discoveryHits()).isEqualTo(1);
    assertThat(server.jwksHits()).isEqualTo(server.discoveryHits());
  }

  @Test
  void verify_newKidAfterRotation_acceptedAfterOneRefetch() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    server.setJwks(TestTokens.jwks(RSA, ROTATED));
    clock.advance(INTERVAL.plusSeconds(1));

    String rotated = token(ROTATED, "RS256", claims());

    assertThat(verifier.verify(rotated, List.of(issuer)).token()).isNotNull();
    assertThat(server.jwksHits()).isEqualTo(warmHits + 1);
  }

  @Test
  void verify_newKidWithinRefetchInterval_rejectedWithoutFetching() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    server.setJwks(TestTokens.jwks(RSA, ROTATED));
    clock.advance(INTERVAL.minusSeconds(5));

    assertThat(failureOf(token(ROTATED, "RS256", claims()), issuer))
        .isEqualTo(JwtFailure.UNKNOWN_KEY);
    assertThat(server.jwksHits()).isEqualTo(warmHits);
  }

  @Test
  void verify_kidRemovedFromJwks_cachedTokenRejectedOnceKeysRefetched() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    verifier.watch(issuer.keys());
    String token = token(RSA, "RS256", claims());
    String kept = token(EC, "ES256", claims());
    assertThat(verifier.verify(token, List.of(issuer)).token()).isNotNull();
    assertThat(verifier.verify(kept, List.of(issuer)).token()).isNotNull();
    assertThat(verifier.cachedTokens()).isEqualTo(2);

    server.setJwks(TestTokens.jwks(EC, ROTATED));
    clock.advance(INTERVAL.plusSeconds(1));
    // Any unknown kid makes the source refetch; from then on the removed key is gone.
    assertThat(failureOf(unknownKidToken("nope"), issuer)).isEqualTo(JwtFailure.UNKNOWN_KEY);

    assertThat(server.jwksHits()).isEqualTo(warmHits + 1);
    assertThat(verifier.cachedTokens()).isEqualTo(1);
    assertThat(failureOf(token, issuer)).isEqualTo(JwtFailure.UNKNOWN_KEY);
    assertThat(verifier.verify(kept, List.of(issuer)).token()).isNotNull();
  }

  @Test
  void verify_endpointFailing_cachedKeysStillVerifyAndUnknownKidRejected() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    server.setMode(JwksServer.Mode.FAIL);
    clock.advance(INTERVAL.plusSeconds(1));

    assertThat(failureOf(unknownKidToken("nope"), issuer)).isEqualTo(JwtFailure.UNKNOWN_KEY);
    assertThat(verifier.verify(token(EC, "ES256", claims()), List.of(issuer)).token()).isNotNull();
    KeySourceStats stats = issuer.keys().stats();
    assertThat(stats.fetches()).isEqualTo(warmHits + 1);
    assertThat(stats.failures()).isEqualTo(warmFailures + 1);
    assertThat(stats.keys()).isEqualTo(3);
    assertThat(stats.lastError()).contains("HTTP 503");
  }

  @Test
  void verify_endpointGone_cachedKeysStillVerify() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    server.close();
    clock.advance(INTERVAL.plusSeconds(1));

    assertThat(failureOf(unknownKidToken("nope"), issuer)).isEqualTo(JwtFailure.UNKNOWN_KEY);
    assertThat(verifier.verify(token(RSA, "RS256", claims()), List.of(issuer)).token()).isNotNull();
    assertThat(issuer.keys().stats().failures()).isEqualTo(warmFailures + 1);
  }

  @Test
  void verify_endpointHanging_noRequestWaitsLongerThanTheFetchTimeout() throws Exception {
    useOptions(JwksOptions.defaults().withFetchTimeout(Duration.ofMillis(300)));
    IssuerVerifier issuer = warmJwksUri();
    server.setMode(JwksServer.Mode.HANG);
    server.setHangMillis(3_000);
    clock.advance(INTERVAL.plusSeconds(1));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> waits = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String token = unknownKidToken("hang-" + i);
        waits.add(
            pool.submit(
                () -> {
                  long start = System.nanoTime();
                  assertThat(failureOf(token, issuer)).isEqualTo(JwtFailure.UNKNOWN_KEY);
                  return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }));
      }
      // While the fetch hangs, tokens signed with known keys verify without waiting.
      Thread.sleep(50);
      long start = System.nanoTime();
      assertThat(verifier.verify(token(EC, "ES256", claims()), List.of(issuer)).token())
          .isNotNull();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(250);
      for (Future<Long> wait : waits) {
        assertThat(wait.get(5, TimeUnit.SECONDS)).isLessThan(300 + 400);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.jwksHits()).isEqualTo(warmHits + 1);
  }

  @Test
  void verify_thousandConcurrentUnknownKids_atMostOneFetchPerInterval() throws Exception {
    IssuerVerifier issuer = warmJwksUri();
    clock.advance(INTERVAL.plusSeconds(1));

    int rejected = flood(issuer, "a");
    assertThat(rejected).isEqualTo(1_000);
    assertThat(server.jwksHits()).isEqualTo(warmHits + 1);

    clock.advance(Duration.ofSeconds(10));
    assertThat(flood(issuer, "b")).isEqualTo(1_000);
    assertThat(server.jwksHits()).isEqualTo(warmHits + 1);

    clock.advance(INTERVAL);
    assertThat(flood(issuer, "c")).isEqualTo(1_000);
    assertThat(server.jwksHits()).isEqualTo(warmHits + 2);
  }

  private int flood(IssuerVerifier issuer, String prefix) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<JwtFailure>> results = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String token = unknownKidToken(prefix + i);
        results.add(pool.submit(() -> failureOf(token, issuer)));
      }
      int unknown = 0;
      for (Future<JwtFailure> result : results) {
        unknown += result.get(10, TimeUnit.SECONDS) == JwtFailure.UNKNOWN_KEY ? 1 : 0;
      }
      return unknown;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void start_shortRefreshInterval_refreshesInTheBackground() throws Exception {
    useOptions(
        JwksOptions.defaults()
            .withRefreshInterval(Duration.ofMillis(100))
            .withMinRefetchInterval(Duration.ZERO));
    IssuerVerifier issuer = warmJwksUri();
    server.setJwks(TestTokens.jwks(ROTATED));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.jwksHits() < warmHits + 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(server.jwksHits()).isGreaterThanOrEqualTo(warmHits + 2);
    assertThat(issuer.keys().current().size()).isEqualTo(1);
  }

  @Test
  void start_firstFetchFails_retriedWithinSecondsNotAfterTheInterval() throws Exception {
    server.setMode(JwksServer.Mode.FAIL);
    IssuerVerifier issuer =
        issuer(KeySourceSpec.Kind.JWKS_URI, TestTokens.ISSUER, server.jwksUri());
    issuer.keys().firstFetch().get(10, TimeUnit.SECONDS);
    assertThat(issuer.keys().current().size()).isZero();

    server.setMode(JwksServer.Mode.SERVE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (issuer.keys().current().size() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(issuer.keys().current().size()).isEqualTo(3);
    assertThat(issuer.keys().stats().failures()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void fetch_jwksLargerThanTheCap_failsAndKeepsNoKeys() throws Exception {
    useOptions(new JwksOptions(Duration.ofMillis(500), 256, Duration.ofMinutes(5), INTERVAL, 100));
    IssuerVerifier issuer =
        issuer(KeySourceSpec.Kind.JWKS_URI, TestTokens.ISSUER, server.jwksUri());

    issuer.keys().firstFetch().get(5, TimeUnit.SECONDS);

    assertThat(issuer.keys().current().size()).isZero();
    assertThat(issuer.keys().stats().lastError()).contains("larger than 256 bytes");
  }
}
