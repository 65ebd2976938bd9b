package dev.celador.engine.internal.jwt;

import static dev.celador.engine.internal.jwt.TestTokens.ISSUER;
import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static dev.celador.engine.internal.jwt.TestTokens.b64;
import static dev.celador.engine.internal.jwt.TestTokens.claims;
import static dev.celador.engine.internal.jwt.TestTokens.header;
import static dev.celador.engine.internal.jwt.TestTokens.sign;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens that must be refused, each for its precise reason; and the valid ones beside them. */
class JwtNegativeCorpusTest {

  private static final RSAKey K1 = TestTokens.rsa("k1");
  private static final RSAKey K2 = TestTokens.rsa("k2");
  private static final long HOUR = NOW.plusSeconds(3600).getEpochSecond();

  private final MutableClock clock = new MutableClock(NOW);
  private final KeySources sources = new KeySources(clock, JwksOptions.defaults());
  private final JwtVerifier verifier = new JwtVerifier(clock, 100);

  private List<IssuerVerifier> trusting(JwtIssuer issuer) {
    try {
      return List.of(new IssuerVerifier(issuer, sources.sourceFor(issuer)));
    } catch (KeySources.KeyMaterialException e) {
      throw new AssertionError(e);
    }
  }

  private List<IssuerVerifier> defaultIssuer() {
    return trusting(Issuers.inline(TestTokens.jwks(K1, K2)));
  }

  private JwtFailure failureOf(String token, List<IssuerVerifier> issuers) {
    JwtRejection rejection =
        catchThrowableOfType(JwtRejection.class, () -> verifier.verify(token, issuers));
    assertThat(rejection).as("token should be rejected").isNotNull();
    if (!token.isEmpty()) {
      assertThat(rejection.detail()).doesNotContain(token);
    }
    return rejection.failure();
  }

  private JwtFailure failureOf(String token) {
    return failureOf(token, defaultIssuer());
  }

  @Test
  void verify_validRs256_acceptsWithClaims() throws JwtRejection {
    VerifiedJwt jwt = verifier.verify(token(K1, "RS256", claims()), defaultIssuer()).token();

    assertThat(jwt.issuer()).isEqualTo(ISSUER);
    assertThat(jwt.subject()).isEqualTo("alice");
    assertThat(jwt.audiences()).containsExactly("orders");
    assertThat(jwt.scopes()).containsExactly("orders:read", "orders:write");
    assertThat(jwt.claims()).containsEntry("email", "alice@example.com").containsEntry("exp", HOUR);
  }

  @Test
  void verify_algNone_algorithmNotAllowed() {
    String token = b64("{\"alg\":\"none\"}") + "." + b64(claims()) + ".";
    assertThat(failureOf(token)).isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_hs256SignedWithRsaPublicKey_algorithmNotAllowed() throws Exception {
    byte[] publicKey = K1.toRSAPublicKey().getEncoded();
    String token = TestTokens.hmac(header("HS256", "k1"), claims(), publicKey);
    assertThat(failureOf(token)).isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_missingKidWithSeveralKeys_unknownKey() {
    String token = sign(header("RS256", null), claims(), K1);
    assertThat(failureOf(token)).isEqualTo(JwtFailure.UNKNOWN_KEY);
  }

  @Test
  void verify_missingKidWithOneKey_accepts() throws JwtRejection {
    String token = sign(header("RS256", null), claims(), K1);
    assertThat(verifier.verify(token, trusting(Issuers.inline(TestTokens.jwks(K1)))).token())
        .isNotNull();
  }

  @Test
  void verify_unknownKid_unknownKey() {
    RSAKey stranger = TestTokens.rsa("k9");
    assertThat(failureOf(token(stranger, "RS256", claims()))).isEqualTo(JwtFailure.UNKNOWN_KEY);
  }

  @Test
  void verify_signedByAnotherKeyUnderAKnownKid_badSignature() {
    RSAKey impostor = TestTokens.rsa("k1");
    assertThat(failureOf(token(impostor, "RS256", claims()))).isEqualTo(JwtFailure.BAD_SIGNATURE);
  }

  @Test
  void verify_expiredBeyondSkew_expired() {
    String token = token(K1, "RS256", claims(ISSUER, "\"orders\"", NOW.getEpochSecond() - 120));
    assertThat(failureOf(token)).isEqualTo(JwtFailure.EXPIRED);
  }

  @Test
  void verify_expiredWithinSkew_accepts() throws JwtRejection {
    String token = token(K1, "RS256", claims(ISSUER, "\"orders\"", NOW.getEpochSecond() - 30));
    assertThat(verifier.verify(token, defaultIssuer()).token()).isNotNull();
  }

  @Test
  void verify_payloadOrHeaderTheJsonLiteralNull_malformed() {
    assertThat(failureOf(token(K1, "RS256", "null"))).isEqualTo(JwtFailure.MALFORMED);
    assertThat(failureOf(b64("null") + "." + b64(claims()) + ".c2ln"))
        .isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_noExp_malformed() {
    String token = token(K1, "RS256", "{\"iss\":\"" + ISSUER + "\",\"aud\":\"orders\"}");
    assertThat(failureOf(token)).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_nbfInTheFuture_notYetValid() {
    String payload =
        claims().replace("\"iat\":", "\"nbf\":" + (NOW.getEpochSecond() + 120) + ",\"iat\":");
    assertThat(failureOf(token(K1, "RS256", payload))).isEqualTo(JwtFailure.NOT_YET_VALID);
  }

  @Test
  void verify_iatInTheFutureBeyondSkew_notYetValid() {
    String payload =
        claims()
            .replace("\"iat\":" + NOW.getEpochSecond(), "\"iat\":" + (NOW.getEpochSecond() + 120));
    assertThat(failureOf(token(K1, "RS256", payload))).isEqualTo(JwtFailure.NOT_YET_VALID);
  }

  @Test
  void verify_wrongIssuer_unknownIssuer() {
    String token = token(K1, "RS256", claims("https://evil.test", "\"orders\"", HOUR));
    assertThat(failureOf(token)).isEqualTo(JwtFailure.UNKNOWN_ISSUER);
  }

  @Test
  void verify_wrongAudience_wrongAudience() {
    String token = token(K1, "RS256", claims(ISSUER, TestTokens.aud("billing", "admin"), HOUR));
    assertThat(failureOf(token)).isEqualTo(JwtFailure.WRONG_AUDIENCE);
  }

  @Test
  void verify_anyAudienceOptOut_acceptsOtherAudience() throws JwtRejection {
    JwtIssuer any = Issuers.withAudiences(Issuers.inline(TestTokens.jwks(K1)), List.of("*"));
    String token = token(K1, "RS256", claims(ISSUER, "\"billing\"", HOUR));
    assertThat(verifier.verify(token, trusting(any)).token().audiences())
        .containsExactly("billing");
  }

  @Test
  void verify_lifetimeOverMaximum_lifetimeTooLong() {
    JwtIssuer strict =
        Issuers.withMaxLifetime(Issuers.inline(TestTokens.jwks(K1)), Duration.ofMinutes(10));
    assertThat(failureOf(token(K1, "RS256", claims()), trusting(strict)))
        .isEqualTo(JwtFailure.LIFETIME_TOO_LONG);
  }

  @Test
  void verify_algorithmNotListedForIssuer_algorithmNotAllowed() {
    JwtIssuer esOnly =
        Issuers.withAlgorithms(Issuers.inline(TestTokens.jwks(K1)), List.of("ES256"));
    assertThat(failureOf(token(K1, "RS256", claims()), trusting(esOnly)))
        .isEqualTo(JwtFailure.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void verify_tokenOver16KiB_tooLarge() {
    String payload =
        claims().replace("\"sub\":\"alice\"", "\"sub\":\"" + "a".repeat(17_000) + "\"");
    assertThat(failureOf(token(K1, "RS256", payload))).isEqualTo(JwtFailure.TOO_LARGE);
  }

  @Test
  void verify_badBase64_malformed() {
    String token = token(K1, "RS256", claims());
    int dot = token.indexOf('.');
    String broken = token.substring(0, dot + 3) + "$" + token.substring(dot + 4);
    assertThat(failureOf(broken)).isEqualTo(JwtFailure.MALFORMED);
    assertThat(failureOf(token + "=")).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_notThreeParts_malformed() {
    assertThat(failureOf("abc.def")).isEqualTo(JwtFailure.MALFORMED);
    assertThat(failureOf("a.b.c.d.e")).isEqualTo(JwtFailure.MALFORMED);
    assertThat(failureOf("")).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_claimsNestingBomb_malformed() {
    String bomb = "[".repeat(5_000) + "]".repeat(5_000);
    String payload = claims().replace("\"sub\":\"alice\"", "\"sub\":\"alice\",\"x\":" + bomb);
    String token = token(K1, "RS256", payload);
    assertThat(token.length()).isLessThan(TokenParser.MAX_TOKEN_LENGTH);
    assertThat(failureOf(token)).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_duplicateJsonKeys_malformed() {
    String payload = "{\"iss\":\"https://evil.test\"," + claims().substring(1);
    assertThat(failureOf(token(K1, "RS256", payload))).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_unknownCritHeader_malformed() {
    String header =
        "{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"x-celador-test\"],\"x-celador-test\":1}";
    assertThat(failureOf(sign(header, claims(), K1))).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_encryptedToken_malformed() {
    assertThat(failureOf(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d"))
        .isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void verify_noIssuerClaim_unknownIssuer() {
    String token = token(K1, "RS256", "{\"sub\":\"x\",\"exp\":" + HOUR + "}");
    assertThat(failureOf(token)).isEqualTo(JwtFailure.UNKNOWN_ISSUER);
  }

  @Test
  void verify_noCandidateIssuers_unknownIssuer() {
    assertThatThrownBy(() -> verifier.verify(token(K1, "RS256", claims()), List.of()))
        .isInstanceOfSatisfying(
            JwtRejection.class, e -> assertThat(e.failure()).isEqualTo(JwtFailure.UNKNOWN_ISSUER));
  }
}
