package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One trusted token issuer of a {@link JwtAuthentication}.
 *
 * @param issuer the exact {@code iss} value tokens must carry
 * @param keys where the verification keys come from
 * @param audiences accepted {@code aud} values; the single value {@code *} accepts any audience
 * @param algorithms accepted JWS algorithms, e.g. RS256; never {@code none}
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param maxLifetime longest accepted {@code exp - iat}, if limited
 */
public record JwtIssuer(
    String issuer,
    KeySourceSpec keys,
    List<String> audiences,
    List<String> algorithms,
    Duration clockSkew,
    Optional<Duration> maxLifetime,
    SourceLocation location) {

  /** The audience list that accepts a token for any audience. */
  public static final String ANY_AUDIENCE = "*";

  /** Every JWS algorithm the engine verifies. {@code none} is never among them. */
  public static final List<String> SUPPORTED_ALGORITHMS =
      List.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
          "HS256", "HS384", "HS512");

  /** Accepted when a policy names no algorithms: the asymmetric ones in common use. */
  public static final List<String> DEFAULT_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA");

  /** Accepted for a {@code secretFile} issuer that names no algorithms. */
  public static final List<String> DEFAULT_HMAC_ALGORITHMS = List.of("HS256");

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** True for the HMAC algorithms, which need a shared secret rather than a public key. */
  public static boolean isHmac(String algorithm) {
    return algorithm.startsWith("HS");
  }

  public JwtIssuer {
    audiences = List.copyOf(audiences);
    algorithms = List.copyOf(algorithms);
  }

  public boolean anyAudience() {
    return audiences.equals(List.of(ANY_AUDIENCE));
  }
}
