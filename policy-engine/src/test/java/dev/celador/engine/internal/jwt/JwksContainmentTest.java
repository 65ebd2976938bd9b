package dev.celador.engine.internal.jwt;

import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where keys may be fetched from: redirects within the origin only, a discovered {@code jwks_uri}
 * on the issuer's host or a listed one, https off loopback. Real HTTP servers on loopback; two
 * servers on different ports are different origins, and 127.0.0.1 and localhost different hosts.
 */
class JwksContainmentTest {

  private static final RSAKey RSA = TestTokens.rsa("rsa-1");

  private final MutableClock clock = new MutableClock(NOW);
  private JwksServer server;
  private JwksServer elsewhere;
  private KeySources sources;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestTokens.jwks(RSA));
    elsewhere = new JwksServer(TestTokens.jwks(RSA));
    sources = new KeySources(clock, JwksOptions.defaults().withFetchTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    sources.close();
    server.close();
    elsewhere.close();
  }

  private KeySource firstFetched(KeySourceSpec spec) throws Exception {
    JwtIssuer issuer =
        new JwtIssuer(
            spec.kind() == KeySourceSpec.Kind.DISCOVERY ? spec.value() : TestTokens.ISSUER,
            spec,
            List.of("orders"),
            JwtIssuer.DEFAULT_ALGORITHMS,
            JwtIssuer.DEFAULT_CLOCK_SKEW,
            java.util.Optional.empty(),
            Issuers.AT);
    KeySource source = sources.sourceFor(issuer);
    source.firstFetch().get(10, TimeUnit.SECONDS);
    return source;
  }

  private static KeySourceSpec jwksUri(String uri) {
    return new KeySourceSpec(KeySourceSpec.Kind.JWKS_URI, uri, Issuers.AT);
  }

  private static KeySourceSpec discovery(String issuer, List<String> jwksHosts) {
    return new KeySourceSpec(KeySourceSpec.Kind.DISCOVERY, issuer, Issuers.AT, jwksHosts, false);
  }

  @Test
  void fetch_redirectWithinTheOrigin_followed() throws Exception {
    server.redirect("/old-keys", "/jwks");

    KeySource source = firstFetched(jwksUri(server.base() + "/old-keys"));

    assertThat(source.current().size()).isEqualTo(1);
    assertThat(server.jwksHits()).isEqualTo(1);
  }

  @Test
  void fetch_redirectToAnotherPort_refusedAndReported() throws Exception {
    server.redirect("/old-keys", elsewhere.jwksUri());

    KeySource source = firstFetched(jwksUri(server.base() + "/old-keys"));

    assertThat(source.current().size()).isZero();
    assertThat(source.stats().lastError())
        .contains("HTTP 302")
        .contains("redirect to " + elsewhere.base() + " refused");
    assertThat(elsewhere.jwksHits()).isZero();
  }

  @Test
  void fetch_redirectToAnotherHost_refusedAndReported() throws Exception {
    server.redirect("/old-keys", server.jwksUri().replace("127.0.0.1", "localhost"));

    KeySource source = firstFetched(jwksUri(server.base() + "/old-keys"));

    assertThat(source.current().size()).isZero();
    assertThat(source.stats().lastError()).contains("redirect to http://localhost:");
    assertThat(server.jwksHits()).isZero();
  }

  @Test
  void fetch_redirectLoop_stopsAfterTheRedirectBudget() throws Exception {
    server.redirect("/a", "/b");
    server.redirect("/b", "/a");

    KeySource source = firstFetched(jwksUri(server.base() + "/a"));

    assertThat(source.stats().lastError())
        .contains("more than " + JwksFetcher.MAX_REDIRECTS + " redirects");
  }

  @Test
  void discovery_jwksUriOnAnotherHost_refusedWithoutFetchingIt() throws Exception {
    server.setDiscoveredJwksUri(elsewhere.jwksUri().replace("127.0.0.1", "localhost"));

    KeySource source = firstFetched(discovery(server.base(), List.of()));

    assertThat(source.current().size()).isZero();
    assertThat(source.stats().lastError())
        .contains("jwks_uri host 'localhost' is neither the issuer's host '127.0.0.1'");
    assertThat(elsewhere.jwksHits()).isZero();
  }

  @Test
  void discovery_jwksUriOnAListedHost_fetched() throws Exception {
    server.setDiscoveredJwksUri(elsewhere.jwksUri().replace("127.0.0.1", "localhost"));

    KeySource source = firstFetched(discovery(server.base(), List.of("localhost")));

    assertThat(source.current().size()).isEqualTo(1);
    assertThat(elsewhere.jwksHits()).isEqualTo(1);
  }

  @Test
  void discovery_jwksUriOnTheIssuersHostOtherPort_fetched() throws Exception {
    server.setDiscoveredJwksUri(elsewhere.jwksUri());

    KeySource source = firstFetched(discovery(server.base(), List.of()));

    assertThat(source.current().size()).isEqualTo(1);
  }

  @Test
  void discovery_plainHttpJwksUriOffLoopback_refusedBeforeConnecting() throws Exception {
    // A .invalid name never resolves (RFC 6761): only a refusal before any lookup names the rule.
    server.setDiscoveredJwksUri("http://keys.example.invalid/jwks");

    KeySource source = firstFetched(discovery(server.base(), List.of("keys.example.invalid")));

    assertThat(source.stats().lastError())
        .startsWith("refusing plain http to keys.example.invalid, which is not loopback");
  }

  @Test
  void fetch_plainHttpOffLoopback_refusedBeforeConnecting() throws Exception {
    KeySource source = firstFetched(jwksUri("http://keys.example.invalid/jwks"));

    assertThat(source.stats().fetches()).isEqualTo(1);
    assertThat(source.stats().lastError())
        .startsWith("refusing plain http to keys.example.invalid, which is not loopback")
        .contains("allowInsecureHttp");
  }
}
