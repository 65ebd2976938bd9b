package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import dev.celador.engine.internal.model.JwtIssuer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies parsed tokens for one issuer of one policy: algorithm, key, signature, then {@code exp},
 * {@code nbf}, {@code iat}, lifetime and audience. Thread-safe. Never does I/O and never waits: for
 * a token naming an unknown key it asks its key source for a fetch and, while that runs, defers
 * ({@link KeysPending}) instead of deciding.
 */
public final class IssuerVerifier {

  /** Added to the reason of an unknown key when the fetch that might have brought it was late. */
  static final String TIMED_OUT = " (keys did not arrive within the JWKS fetch timeout)";

  private final JwtIssuer issuer;
  private final KeySource keys;
  private final Set<String> algorithms;

  public IssuerVerifier(JwtIssuer issuer, KeySource keys) {
    this.issuer = issuer;
    this.keys = keys;
    this.algorithms = Set.copyOf(new HashSet<>(issuer.algorithms()));
  }

  public JwtIssuer issuer() {
    return issuer;
  }

  public KeySource keys() {
    return keys;
  }

  /**
   * The verified token, or a rejection naming the first check that failed.
   *
   * @param defer whether to defer a token whose key may be on its way; false decides with the keys
   *     at hand (after the caller waited for the fetch once)
   * @throws KeysPending only with {@code defer}: the token names a key the set lacks and a fetch
   *     that may bring it is running
   */
  public Verified verify(ParsedToken token, Instant now, boolean defer)
      throws JwtRejection, KeysPending {
    JWSAlgorithm alg = token.header().getAlgorithm();
    if (!algorithms.contains(alg.getName())) {
      throw new JwtRejection(
          JwtFailure.ALGORITHM_NOT_ALLOWED,
          "algorithm "
              + safeName(alg.getName())
              + " is not accepted for issuer "
              + issuer.issuer());
    }
    VerificationKey key = selectKey(token, defer);
    boolean valid;
    try {
      valid = key.check().verify(token.header(), token.signingInput(), token.signature());
    } catch (JOSEException e) {
      valid = false;
    }
    if (!valid) {
      throw new JwtRejection(JwtFailure.BAD_SIGNATURE, "signature does not verify");
    }
    Instant expiresAt = checkTimes(token.claims(), now);
    checkAudience(token.claims());
    Map<String, Object> claims = token.claims();
    VerifiedJwt jwt =
        new VerifiedJwt(
            token.issuer(),
            ClaimValues.string(claims, "sub"),
            ClaimValues.audiences(claims),
            ClaimValues.scopes(claims),
            ClaimValues.toCel(claims),
            expiresAt);
    return new Verified(jwt, key);
  }

  private VerificationKey selectKey(ParsedToken token, boolean defer)
      throws JwtRejection, KeysPending {
    VerificationKey key = keys.current().select(token.header());
    if (key != null) {
      return key;
    }
    // Without defer the caller has waited for a fetch already: decide now, fetch no more.
    CompletableFuture<KeySet> refresh = defer ? keys.refreshForUnknownKey() : null;
    if (refresh != null && !refresh.isDone()) {
      throw new KeysPending(refresh);
    }
    key = keys.current().select(token.header());
    if (key == null) {
      String why =
          token.header().getKeyID() == null
              ? "token has no kid and no key of issuer " + issuer.issuer() + " fits it"
              : "no key of issuer " + issuer.issuer() + " has the token's kid";
      if (refresh != null && refresh.isCompletedExceptionally()) {
        why += TIMED_OUT;
      }
      throw new JwtRejection(JwtFailure.UNKNOWN_KEY, why);
    }
    return key;
  }

  private Instant checkTimes(Map<String, Object> claims, Instant now) throws JwtRejection {
    long skew = issuer.clockSkew().toSeconds();
    long nowSeconds = now.getEpochSecond();
    Long exp = seconds(claims, "exp");
    if (exp == null) {
      throw new JwtRejection(JwtFailure.MALFORMED, "token has no exp claim; tokens must expire");
    }
    if (nowSeconds > exp + skew) {
      throw new JwtRejection(JwtFailure.EXPIRED, "exp is in the past beyond the clock skew");
    }
    Long nbf = seconds(claims, "nbf");
    if (nbf != null && nowSeconds + skew < nbf) {
      throw new JwtRejection(
          JwtFailure.NOT_YET_VALID, "nbf is in the future beyond the clock skew");
    }
    Long iat = seconds(claims, "iat");
    if (iat != null && iat > nowSeconds + skew) {
      throw new JwtRejection(
          JwtFailure.NOT_YET_VALID, "iat is in the future beyond the clock skew");
    }
    if (issuer.maxLifetime().isPresent()) {
      long start = iat != null ? iat : nowSeconds;
      if (exp - start > issuer.maxLifetime().get().toSeconds()) {
        throw new JwtRejection(
            JwtFailure.LIFETIME_TOO_LONG,
            "exp is more than maxLifetime " + issuer.maxLifetime().get() + " after iat");
      }
    }
    return Instant.ofEpochSecond(exp);
  }

  /**
   * A NumericDate claim in whole seconds, clamped to what an {@link Instant} can hold (so the
   * arithmetic above cannot overflow and a far-future exp stays far in the future); null if absent.
   */
  private static Long seconds(Map<String, Object> claims, String name) throws JwtRejection {
    Object value = claims.get(name);
    long seconds;
    if (value == null) {
      return null;
    } else if (value instanceof Long l) {
      seconds = l;
    } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      seconds = (long) Math.floor(d);
    } else {
      throw new JwtRejection(JwtFailure.MALFORMED, name + " is not a number");
    }
    return Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
  }

  private void checkAudience(Map<String, Object> claims) throws JwtRejection {
    if (issuer.anyAudience()) {
      return;
    }
    List<String> audiences = ClaimValues.audiences(claims);
    for (String audience : audiences) {
      if (issuer.audiences().contains(audience)) {
        return;
      }
    }
    throw new JwtRejection(
        JwtFailure.WRONG_AUDIENCE,
        audiences.isEmpty()
            ? "token has no aud claim"
            : "no audience of the token is accepted for issuer " + issuer.issuer());
  }

  /** Algorithm names come from the token; only well-formed ones are repeated in reasons. */
  private static String safeName(String name) {
    return name.length() <= 10 && name.chars().allMatch(Character::isLetterOrDigit)
        ? name
        : "(unrecognized)";
  }

  /** A token that passed every check, and the key that verified it. */
  public record Verified(VerifiedJwt token, VerificationKey key) {}
}
