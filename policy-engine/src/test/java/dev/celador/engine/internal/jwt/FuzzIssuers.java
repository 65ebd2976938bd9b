package dev.celador.engine.internal.jwt;

import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The trusted issuer of the JWT fuzz targets: one HMAC secret fixed here (so committed seed tokens
 * stay valid) and one inline JWKS with fresh RSA and EC keys, both for {@link TestTokens#ISSUER}.
 */
final class FuzzIssuers {

  /** The HS256 secret the seed tokens are signed with; 32 bytes, as HS256 requires. */
  static final byte[] SECRET = "celador-fuzz-secret-0123456789ab".getBytes(StandardCharsets.UTF_8);

  private static final MutableClock CLOCK = new MutableClock(TestTokens.NOW);
  private static final List<IssuerVerifier> VERIFIERS =
      verifiers(new KeySources(CLOCK, JwksOptions.defaults()));

  private FuzzIssuers() {}

  /**
   * Verifies {@code token} at {@link TestTokens#NOW} against both issuers, without a cache, so that
   * every input goes through the parser and the signature check.
   */
  static JwtVerifier.Accepted verify(String token) throws JwtRejection {
    return new JwtVerifier(CLOCK, 0).verify(token, VERIFIERS);
  }

  /** Verifiers for the HMAC issuer and the JWKS issuer, in that order. */
  private static List<IssuerVerifier> verifiers(KeySources sources) {
    try {
      Path secret = Files.createTempFile("celador-fuzz", ".secret");
      secret.toFile().deleteOnExit();
      Files.write(secret, SECRET);
      JwtIssuer hmac =
          Issuers.withAlgorithms(
              Issuers.issuer(TestTokens.ISSUER, KeySourceSpec.Kind.SECRET_FILE, secret.toString()),
              JwtIssuer.DEFAULT_HMAC_ALGORITHMS);
      JwtIssuer jwks = Issuers.inline(TestTokens.jwks(TestTokens.rsa("r1"), TestTokens.ec("e1")));
      return List.of(verifier(sources, hmac), verifier(sources, jwks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base64url HS256 signature of {@code signingInput} with {@link #SECRET}. */
  static String mac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static IssuerVerifier verifier(KeySources sources, JwtIssuer issuer) {
    try {
      return new IssuerVerifier(issuer, sources.sourceFor(issuer));
    } catch (KeySources.KeyMaterialException e) {
      throw new AssertionError(e);
    }
  }
}
