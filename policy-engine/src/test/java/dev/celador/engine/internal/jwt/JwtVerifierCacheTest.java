package dev.celador.engine.internal.jwt;

import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static dev.celador.engine.internal.jwt.TestTokens.claims;
import static dev.celador.engine.internal.jwt.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.RSAKey;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verified-token cache: bounded by the token's exp and by the issuer that verified it. */
class JwtVerifierCacheTest {

  private static final RSAKey KEY = TestTokens.rsa("k1");

  private final MutableClock clock = new MutableClock(NOW);
  private final KeySources sources = new KeySources(clock, JwksOptions.defaults());
  private final JwtVerifier verifier = new JwtVerifier(clock, 100);

  private IssuerVerifier issuer(JwtIssuer issuer) throws Exception {
    return new IssuerVerifier(issuer, sources.sourceFor(issuer));
  }

  private JwtFailure failureOf(String token, List<IssuerVerifier> issuers) {
    JwtRejection rejection =
        catchThrowableOfType(JwtRejection.class, () -> verifier.verify(token, issuers));
    assertThat(rejection).isNotNull();
    return rejection.failure();
  }

  @Test
  void verify_sameTokenTwice_cachedOnceAndSameResult() throws Exception {
    IssuerVerifier issuer = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    String token = token(KEY, "RS256", claims());

    VerifiedJwt first = verifier.verify(token, List.of(issuer)).token();
    VerifiedJwt second = verifier.verify(token, List.of(issuer)).token();

    assertThat(second).isSameAs(first);
    assertThat(verifier.cachedTokens()).isEqualTo(1);
  }

  @Test
  void verify_tokenInAHeaderValue_trimmedAndCachedByThatValue() throws Exception {
    IssuerVerifier issuer = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    String token = token(KEY, "RS256", claims());

    VerifiedJwt first =
        verifier.attempt("Bearer  " + token + " ", 7, true, List.of(issuer), null).token();
    VerifiedJwt again =
        verifier.attempt("Bearer  " + token + " ", 7, true, List.of(issuer), null).token();
    VerifiedJwt otherCarrier =
        verifier.attempt("bearer " + token, 7, true, List.of(issuer), null).token();

    assertThat(again).isSameAs(first);
    assertThat(otherCarrier).isNotSameAs(first).isEqualTo(first);
    assertThat(verifier.cachedTokens()).isEqualTo(2);
  }

  @Test
  void verify_longTokens_weighByLength() throws Exception {
    JwtVerifier small = new JwtVerifier(clock, 4);
    IssuerVerifier issuer = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    for (int i = 0; i < 4; i++) {
      small.verify(
          token(KEY, "RS256", claims().replace("alice\"", "alice-" + i + "\"")), List.of(issuer));
    }
    assertThat(small.cachedTokens()).isEqualTo(4);
    String padding = "x".repeat(2 * JwtVerifier.WEIGHT_UNIT);
    String longToken = token(KEY, "RS256", claims().replace("alice\"", padding + "\""));

    small.verify(longToken, List.of(issuer));

    // The long token weighs 3 or 4 (its base64 is over 2 units): at most one short one stays.
    assertThat(small.cachedTokens()).isBetween(1L, 2L);
  }

  @Test
  void verify_cachedTokenPastExpBeyondSkew_expired() throws Exception {
    IssuerVerifier issuer = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    String token = token(KEY, "RS256", claims());
    verifier.verify(token, List.of(issuer));

    clock.advance(Duration.ofSeconds(3600 + 61));

    assertThat(failureOf(token, List.of(issuer))).isEqualTo(JwtFailure.EXPIRED);
  }

  @Test
  void verify_cachedTokenOlderThanADayBeforeItsExp_verifiedAgain() throws Exception {
    IssuerVerifier issuer = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    long exp = NOW.plus(Duration.ofDays(30)).getEpochSecond();
    String token = token(KEY, "RS256", TestTokens.claims(TestTokens.ISSUER, "\"orders\"", exp));
    VerifiedJwt first = verifier.verify(token, List.of(issuer)).token();

    clock.advance(Duration.ofHours(23));
    assertThat(verifier.verify(token, List.of(issuer)).token()).isSameAs(first);
    clock.advance(Duration.ofHours(1));
    VerifiedJwt again = verifier.verify(token, List.of(issuer)).token();

    assertThat(again).isNotSameAs(first).isEqualTo(first);
    assertThat(verifier.cachedTokens()).isEqualTo(1);
  }

  @Test
  void verify_cachedTokenForAnIssuerNotSelected_verifiedAgainstTheCandidates() throws Exception {
    IssuerVerifier accepting = issuer(Issuers.inline(TestTokens.jwks(KEY)));
    JwtIssuer stricter =
        Issuers.withAudiences(Issuers.inline(TestTokens.jwks(KEY)), List.of("billing"));
    IssuerVerifier other = issuer(stricter);
    String token = token(KEY, "RS256", claims());
    verifier.verify(token, List.of(accepting));

    assertThat(failureOf(token, List.of(other))).isEqualTo(JwtFailure.WRONG_AUDIENCE);
  }
}
