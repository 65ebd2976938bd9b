package dev.celador.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A private key that signs test tokens: a suite's {@code spec.keys} entry, or {@code celador eval
 * --jwt-key}/{@code --jwt-algorithm}. One implementation of what a test token holds and how it is
 * signed.
 *
 * @param name the key's name; the token's {@code kid} when the JWK has none (then, if empty, the
 *     token has no {@code kid}, which a policy's one key without a kid verifies)
 * @param issuer when present, policies verify this issuer's tokens with this key instead of their
 *     own key source ({@link #pinnedJwks}), and tokens carry it as {@code iss}
 */
public record SigningKey(String name, JWK jwk, JWSAlgorithm algorithm, Optional<String> issuer) {

  /** The algorithms a key may be generated for. */
  public static final List<String> ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /**
   * A key generated for this run.
   *
   * @throws IllegalArgumentException when {@code algorithm} is not one of {@link #ALGORITHMS}
   */
  public static SigningKey generate(String name, String algorithm, Optional<String> issuer) {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException(
          "must be one of " + String.join(", ", ALGORITHMS) + ", found '" + algorithm + "'");
    }
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    try {
      JWK jwk;
      if (algorithm.startsWith("ES")) {
        Curve curve = Curve.forJWSAlgorithm(alg).iterator().next();
        jwk = new ECKeyGenerator(curve).keyID(name).algorithm(alg).generate();
      } else {
        int bits = algorithm.endsWith("256") ? 2048 : 3072;
        jwk = new RSAKeyGenerator(bits).keyID(name).algorithm(alg).generate();
      }
      return new SigningKey(name, jwk, alg, issuer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key", e);
    }
  }

  /**
   * A key read from a file: a private RSA or EC JWK; its algorithm is the JWK's {@code alg}, else
   * RS256 for RSA and ES256/384/512 by the curve.
   *
   * @throws IllegalArgumentException when it is not a private RSA or EC key
   */
  public static SigningKey of(String name, JWK jwk, Optional<String> issuer) {
    if (!jwk.isPrivate() || !(jwk instanceof RSAKey || jwk instanceof ECKey)) {
      throw new IllegalArgumentException("must hold a private RSA or EC key, to sign with");
    }
    JWSAlgorithm alg =
        jwk.getAlgorithm() != null
            ? JWSAlgorithm.parse(jwk.getAlgorithm().getName())
            : jwk instanceof RSAKey
                ? JWSAlgorithm.RS256
                : JWSAlgorithm.parse(
                    switch (((ECKey) jwk).getCurve().getName()) {
                      case "P-384" -> "ES384";
                      case "P-521" -> "ES512";
                      default -> "ES256";
                    });
    return new SigningKey(name, jwk, alg, issuer);
  }

  /**
   * A token signed now: {@code iss} (the key's issuer), {@code iat} (now) and {@code exp} (now plus
   * {@code lifetime}) unless {@code claims} gives them, so a token can be expired or foreign on
   * purpose; then every claim given.
   *
   * @throws IllegalArgumentException when the claims cannot be signed (a claim of the wrong type)
   */
  public String sign(Map<String, Object> claims, Instant now, Duration lifetime) {
    Map<String, Object> all = new LinkedHashMap<>();
    issuer.ifPresent(iss -> all.put("iss", iss));
    all.put("iat", now.getEpochSecond());
    all.put("exp", now.plus(lifetime).getEpochSecond());
    all.putAll(claims);
    try {
      String kid = jwk.getKeyID() != null ? jwk.getKeyID() : name;
      SignedJWT signed =
          new SignedJWT(
              new JWSHeader.Builder(algorithm)
                  .keyID(kid.isEmpty() ? null : kid)
                  .type(JOSEObjectType.JWT)
                  .build(),
              JWTClaimsSet.parse(all));
      signed.sign(signer());
      return signed.serialize();
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The public JWKS (JSON) of each pinned issuer among {@code keys}, for {@code KeySources(clock,
   * options, pinnedJwks)}.
   */
  public static Map<String, String> pinnedJwks(List<SigningKey> keys) {
    Map<String, List<JWK>> byIssuer = new LinkedHashMap<>();
    for (SigningKey key : keys) {
      key.issuer()
          .ifPresent(
              iss ->
                  byIssuer
                      .computeIfAbsent(iss, i -> new java.util.ArrayList<>())
                      .add(key.jwk().toPublicJWK()));
    }
    Map<String, String> jwks = new LinkedHashMap<>();
    byIssuer.forEach((iss, list) -> jwks.put(iss, new JWKSet(list).toString(true)));
    return jwks;
  }

  private JWSSigner signer() throws JOSEException {
    return jwk instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) jwk);
  }
}
