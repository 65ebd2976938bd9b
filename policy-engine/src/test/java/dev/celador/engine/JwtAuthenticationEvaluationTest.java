package dev.celador.engine;

import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static dev.celador.engine.internal.jwt.TestTokens.ISSUER;
import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static dev.celador.engine.internal.jwt.TestTokens.claims;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.jwt.JwksServer;
import dev.celador.engine.internal.jwt.KeySourceStats;
import dev.celador.engine.internal.jwt.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 2 of the evaluation order: JwtAuthentication before DENY and ALLOW, through the engine. */
class JwtAuthenticationEvaluationTest {

  private static final RSAKey KEY = TestTokens.rsa("k1");
  private static final ECKey OTHER = TestTokens.ec("k2");
  private static final String FRONTEND = spiffe("web", "frontend");
  private static final String ORDERS = spiffe("shop", "orders");

  @TempDir Path dir;
  // A generous fetch timeout: a loaded CI machine must not turn the first fetch into a failure.
  private final PolicyEngine engine =
      PolicyEngine.create(
          Policies.CLOCK, JwksOptions.defaults().withFetchTimeout(Duration.ofSeconds(3)));

  @AfterEach
  void close() {
    engine.close();
  }

  private static String jwtPolicy(String keySource, String extra) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: corp, namespace: shop}
        spec:
          issuers:
            - issuer: %s
              %s
          audiences: [orders]
          forwardClaims:
            - {claim: sub, header: x-user}
            - {claim: scope, header: x-scopes}
        %s
        """
        .formatted(ISSUER, keySource, extra.indent(2));
  }

  private static String inline() {
    return "jwks: '" + TestTokens.jwks(KEY, OTHER) + "'";
  }

  private static final String ALLOW_ALICE =
      """
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: readers, namespace: shop}
      spec:
        action: ALLOW
        rules:
          - name: alice-reads
            when: >-
              jwt.present && jwt.subject == 'alice' && jwt.issuer == 'https://idp.test'
              && 'orders' in jwt.audiences && 'orders:read' in jwt.scopes
              && jwt.claims.email == 'alice@example.com'
          - name: anonymous-health
            when: "!jwt.present && request.path == '/healthz'"
        allowResponse:
          headers:
            x-email: "jwt.claims.?email.orValue('')"
      """;

  private LoadResult load(String yaml) throws IOException {
    Files.writeString(dir.resolve("policies.yaml"), yaml);
    LoadResult result = engine.reload(List.of(dir));
    assertThat(result.render()).isEmpty();
    return result;
  }

  private Decision decide(Map<String, String> headers, String path) {
    return engine.evaluate(request(FRONTEND, ORDERS, "GET", path, headers), false);
  }

  private static Map<String, String> bearer(String token) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    return headers;
  }

  @Test
  void evaluate_expiredToken_401WithPreciseChallenge() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);
    String expired = token(KEY, "RS256", claims(ISSUER, "\"orders\"", NOW.getEpochSecond() - 600));

    Decision d = decide(bearer(expired), "/orders");

    assertThat(d.allowed()).isFalse();
    assertThat(d.status()).isEqualTo(401);
    assertThat(d.policy()).isEqualTo("shop/corp");
    assertThat(d.responseHeaders())
        .containsExactly(
            Map.entry(
                "www-authenticate",
                "Bearer error=\"invalid_token\", error_description=\"token expired\""));
    assertThat(d.reasons()).singleElement().asString().startsWith("jwt expired: ");
    assertThat(d.reasons().get(0)).doesNotContain(expired);
  }

  @Test
  void evaluate_presentButInvalidTokenWithoutRequired_still401() throws IOException {
    load(jwtPolicy(inline(), "required: false") + ALLOW_ALICE);

    Decision d = decide(bearer("not-a-jwt"), "/healthz");

    assertThat(d.status()).isEqualTo(401);
    assertThat(d.responseHeaders().get("www-authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"token malformed\"");
  }

  @Test
  void evaluate_missingTokenWhereRequired_401WithBareBearerChallenge() throws IOException {
    load(jwtPolicy(inline(), "required: true") + ALLOW_ALICE);

    Decision d = decide(Map.of(), "/healthz");

    assertThat(d.status()).isEqualTo(401);
    assertThat(d.responseHeaders()).containsExactly(Map.entry("www-authenticate", "Bearer"));
    assertThat(d.reasons()).singleElement().asString().startsWith("jwt missing: ");
  }

  @Test
  void evaluate_missingTokenNotRequired_goesOnWithJwtAbsent() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);

    Decision d = decide(Map.of("x-user", "mallory"), "/healthz");

    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("anonymous-health");
    assertThat(d.headersToRemove()).contains("x-user", "x-scopes").doesNotContain("authorization");
  }

  @Test
  void evaluate_validToken_claimsReachCelAndHeaders() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);

    Decision d = decide(bearer(token(KEY, "RS256", claims())), "/orders");

    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("alice-reads");
    assertThat(d.headers()).containsEntry("x-email", "alice@example.com");
  }

  @Test
  void evaluate_forwardedClaims_overwriteClientCopiesAndAuthorizationRemoved() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);
    Map<String, String> headers = bearer(token(OTHER, "ES256", claims()));
    headers.put("X-User", "mallory");

    Decision d = decide(headers, "/orders");

    assertThat(d.allowed()).isTrue();
    assertThat(d.headers())
        .containsEntry("x-user", "alice")
        .containsEntry("x-scopes", "orders:read orders:write");
    assertThat(d.headersToRemove()).contains("authorization").doesNotContain("x-user", "x-scopes");
  }

  @Test
  void evaluate_policyHeaderNamedLikeAClaimHeader_policyValueWins() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE.replace("x-email:", "x-user:"));

    Decision d = decide(bearer(token(KEY, "RS256", claims())), "/orders");

    assertThat(d.allowed()).isTrue();
    assertThat(d.headers())
        .containsEntry("x-user", "alice@example.com")
        .containsEntry("x-scopes", "orders:read orders:write")
        .hasSize(2);
  }

  @Test
  void evaluate_forwardOriginalToken_keepsTheTokenHeader() throws IOException {
    load(jwtPolicy(inline(), "forwardOriginalToken: true") + ALLOW_ALICE);

    Decision d = decide(bearer(token(KEY, "RS256", claims())), "/orders");

    assertThat(d.allowed()).isTrue();
    assertThat(d.headersToRemove()).doesNotContain("authorization");
  }

  @Test
  void evaluate_tokenInCookie_verifiedFromThere() throws IOException {
    load(jwtPolicy(inline(), "fromCookies: [session]") + ALLOW_ALICE);

    Decision d =
        decide(Map.of("cookie", "theme=dark; session=" + token(KEY, "RS256", claims())), "/orders");

    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("alice-reads");
  }

  @Test
  void evaluate_policyForAnotherHost_tokenNotLookedAt() throws IOException {
    load(jwtPolicy(inline(), "target: {hosts: [billing.shop]}\nrequired: true") + ALLOW_ALICE);

    Decision d = decide(bearer("garbage"), "/healthz");

    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("anonymous-health");
  }

  @Test
  void evaluate_withTrace_recordsAuthenticationFirst() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);

    Decision d =
        engine.evaluate(
            request(FRONTEND, ORDERS, "GET", "/orders", bearer(token(KEY, "RS256", claims()))),
            true);

    assertThat(d.trace().get(0))
        .extracting(TraceEntry::policy, TraceEntry::action, TraceEntry::result)
        .containsExactly("shop/corp", "AUTHENTICATE", TraceEntry.Result.MATCH);
  }

  @Test
  void evaluate_rejectedWithTrace_traceIsTheAuthenticationAlone() throws IOException {
    load(jwtPolicy(inline(), "") + ALLOW_ALICE);

    Decision d =
        engine.evaluate(request(FRONTEND, ORDERS, "GET", "/orders", bearer("x.y.z")), true);

    assertThat(d.trace())
        .singleElement()
        .extracting(TraceEntry::action, TraceEntry::result)
        .containsExactly("AUTHENTICATE", TraceEntry.Result.ERROR);
  }

  @Test
  void reload_jwksUriOnLoopback_readyAfterFirstFetchWithStats() throws Exception {
    try (JwksServer server = new JwksServer(TestTokens.jwks(KEY))) {
      load(jwtPolicy("jwksUri: " + server.jwksUri(), "") + ALLOW_ALICE);

      assertThat(engine.awaitKeys(Duration.ofSeconds(10))).isTrue();
      Decision d = decide(bearer(token(KEY, "RS256", claims())), "/orders");

      assertThat(d.allowed()).isTrue();
      List<KeySourceStats> stats = engine.keyStats();
      assertThat(stats).singleElement().extracting(KeySourceStats::keys).isEqualTo(1);
      assertThat(stats.get(0).fetches()).isEqualTo(server.jwksHits());
      assertThat(stats.get(0).failures()).isZero();
    }
  }

  @Test
  void load_jwksFileRelativeToThePolicy_readsIt() throws IOException {
    Files.writeString(dir.resolve("keys.json"), TestTokens.jwks(KEY));
    load(jwtPolicy("jwksFile: keys.json", "") + ALLOW_ALICE);

    assertThat(decide(bearer(token(KEY, "RS256", claims())), "/orders").allowed()).isTrue();
  }

  @Test
  void load_missingJwksFile_reportsAtTheField() throws IOException {
    Files.writeString(dir.resolve("policies.yaml"), jwtPolicy("jwksFile: nowhere.json", ""));

    LoadResult result = engine.load(List.of(dir));

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code()).isEqualTo("unusable_keys");
              assertThat(d.location().line()).isEqualTo(7);
              assertThat(d.location().column()).isEqualTo(17);
              assertThat(d.message()).startsWith("jwksFile: cannot read JWKS file");
            });
  }

  @Test
  void load_plainHttpJwksOffLoopback_errorAtTheField() throws IOException {
    Files.writeString(
        dir.resolve("policies.yaml"), jwtPolicy("jwksUri: http://idp.internal/keys", ""));

    LoadResult result = engine.load(List.of(dir));

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.isError()).isTrue();
              assertThat(d.code()).isEqualTo("insecure_key_url");
              assertThat(d.location().line()).isEqualTo(7);
              assertThat(d.message())
                  .isEqualTo(
                      "jwksUri: keys fetched over plain http from idp.internal can be replaced in"
                          + " transit; use https, or set allowInsecureHttp: true on the issuer");
            });
  }

  @Test
  void load_plainHttpJwksAllowedExplicitly_warnsButLoads() throws IOException {
    Files.writeString(
        dir.resolve("policies.yaml"),
        jwtPolicy("jwksUri: http://idp.internal/keys\n      allowInsecureHttp: true", ""));

    LoadResult result = engine.load(List.of(dir));

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.isError()).isFalse();
              assertThat(d.code()).isEqualTo("insecure_key_url");
            });
  }

  @Test
  void load_shortHmacSecret_reportsTheRequiredLength() throws IOException {
    Files.writeString(dir.resolve("secret.txt"), "too-short\n");

    LoadResult result =
        engine.load(List.of(writeAndReturnDir(jwtPolicy("secretFile: secret.txt", ""))));

    assertThat(result.diagnostics())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .isEqualTo(
                        "secretFile: HS256 needs a secret of at least 32 bytes, the file has 9"));
  }

  @Test
  void evaluate_hmacIssuerWithSecretFile_acceptsHs256() throws Exception {
    byte[] secret =
        "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(dir.resolve("secret.txt"), secret);
    load(jwtPolicy("secretFile: secret.txt", "") + ALLOW_ALICE);
    String token = TestTokens.hmac("{\"alg\":\"HS256\"}", claims(), secret);

    assertThat(decide(bearer(token), "/orders").allowed()).isTrue();
  }

  private Path writeAndReturnDir(String yaml) throws IOException {
    Files.writeString(dir.resolve("policies.yaml"), yaml);
    return dir;
  }
}
