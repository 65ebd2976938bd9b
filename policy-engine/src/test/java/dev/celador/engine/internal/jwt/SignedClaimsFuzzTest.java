package dev.celador.engine.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any header and claims JSON, correctly signed with the trusted HMAC secret, so that the fuzzer
 * gets past the signature to the header and claims checks (times, audiences, scopes, claim
 * conversion to CEL values). The input is the header JSON, a newline, then the payload JSON.
 * Contract: accepted for the trusted issuer, or a {@link JwtRejection}; nothing else escapes.
 *
 * <p>Seeds: {@code SignedClaimsFuzzTestInputs/verify_signedAnyClaims_acceptsOrRejects/}.
 */
class SignedClaimsFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void verify_signedAnyClaims_acceptsOrRejects(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String header = newline < 0 ? "{\"alg\":\"HS256\"}" : text.substring(0, newline);
    String payload = newline < 0 ? text : text.substring(newline + 1);
    String signingInput = TestTokens.b64(header) + "." + TestTokens.b64(payload);
    String token = signingInput + "." + FuzzIssuers.mac(signingInput);
    try {
      JwtVerifier.Accepted accepted = FuzzIssuers.verify(token);
      VerifiedJwt jwt = accepted.token();
      assertThat(jwt.issuer()).isEqualTo(TestTokens.ISSUER);
      assertThat(jwt.expiresAt()).isAfter(TestTokens.NOW.minusSeconds(61));
    } catch (JwtRejection e) {
      assertThat(e.failure()).isNotNull();
    }
  }
}
