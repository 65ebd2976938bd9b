package dev.celador.engine.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any bearer token, as a client sends it, through the verifier with a static key set (parsing, key
 * selection, signature, claims). Contract: the token is accepted for the trusted issuer or rejected
 * with a {@link JwtRejection}; nothing else escapes, and a rejection never quotes the token
 * (rejections are logged).
 *
 * <p>Seeds: {@code TokenFuzzTestInputs/verify_anyToken_acceptsOrRejects/}.
 */
class TokenFuzzTest {

  private static final MutableClock CLOCK = new MutableClock(TestTokens.NOW);
  private static final List<IssuerVerifier> ISSUERS =
      FuzzIssuers.verifiers(new KeySources(CLOCK, JwksOptions.defaults()));

  @FuzzTest(maxDuration = "20s")
  void verify_anyToken_acceptsOrRejects(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    // No cache: every execution goes through the parser and the signature check.
    JwtVerifier verifier = new JwtVerifier(CLOCK, 0);
    try {
      JwtVerifier.Accepted accepted = verifier.verify(token, ISSUERS);
      assertThat(accepted.token().issuer()).isEqualTo(TestTokens.ISSUER);
    } catch (JwtRejection e) {
      assertThat(e.failure()).isNotNull();
      if (token.strip().length() >= 16) {
        assertThat(e.detail()).doesNotContain(token.strip());
      }
    }
  }
}
