package dev.celador.engine.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any bearer token, as a client sends it, through the verifier with a static key set (parsing, key
 * selection, signature, claims). Contract: the token is accepted for the trusted issuer or rejected
 * with a {@link JwtRejection}; nothing else escapes, and a rejection never quotes the token
 * (rejections are logged).
 *
 * <p>Seeds: {@code TokenFuzzTestInputs/verify_anyToken_acceptsOrRejects/}.
 */
class TokenFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void verify_anyToken_acceptsOrRejects(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    try {
      JwtVerifier.Accepted accepted = FuzzIssuers.verify(token);
      assertThat(accepted.token().issuer()).isEqualTo(TestTokens.ISSUER);
    } catch (JwtRejection e) {
      assertThat(e.failure()).isNotNull();
      if (token.strip().length() >= 16) {
        assertThat(e.detail()).doesNotContain(token.strip());
      }
    }
  }
}
