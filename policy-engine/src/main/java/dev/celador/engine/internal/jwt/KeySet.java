package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one issuer's verification keys, replaced whole on every successful
 * fetch. Keys unchanged since the previous snapshot are carried over as the same objects, so a
 * cached verification stays valid exactly as long as its key is still published.
 */
public final class KeySet {

  static final KeySet EMPTY = new KeySet(List.of(), 0, null);

  private final List<VerificationKey> keys;
  private final Map<String, VerificationKey> byKid;
  private final int skipped;
  private final Instant fetchedAt;

  private KeySet(List<VerificationKey> keys, int skipped, Instant fetchedAt) {
    this.keys = List.copyOf(keys);
    Map<String, VerificationKey> index = new HashMap<>();
    for (VerificationKey key : keys) {
      if (!key.kid().isEmpty()) {
        index.putIfAbsent(key.kid(), key);
      }
    }
    this.byKid = Map.copyOf(index);
    this.skipped = skipped;
    this.fetchedAt = fetchedAt;
  }

  /** The usable keys of {@code set}, reusing the objects of {@code previous} for unchanged keys. */
  static KeySet of(JWKSet set, KeySet previous, Instant fetchedAt) {
    Map<String, VerificationKey> reuse = new LinkedHashMap<>();
    previous.keys.forEach(k -> reuse.put(k.id(), k));
    List<VerificationKey> keys = new ArrayList<>();
    int skipped = 0;
    for (JWK jwk : set.getKeys()) {
      try {
        var key = VerificationKey.of(jwk);
        if (key.isEmpty()) {
          skipped++;
          continue;
        }
        keys.add(reuse.getOrDefault(key.get().id(), key.get()));
      } catch (JOSEException e) {
        skipped++;
      }
    }
    return new KeySet(keys, skipped, fetchedAt);
  }

  static KeySet ofSecret(VerificationKey secret) {
    return new KeySet(List.of(secret), 0, null);
  }

  public int size() {
    return keys.size();
  }

  /** Keys of the JWKS left out: encryption keys, symmetric keys, weak or unsupported keys. */
  public int skipped() {
    return skipped;
  }

  /** When the keys were fetched; null for keys from the policy itself. */
  public Instant fetchedAt() {
    return fetchedAt;
  }

  /** Whether {@code key} is still published: the same key object under its kid. */
  boolean contains(VerificationKey key) {
    if (!key.kid().isEmpty()) {
      return byKid.get(key.kid()) == key;
    }
    for (VerificationKey k : keys) {
      if (k == key) {
        return true;
      }
    }
    return false;
  }

  /**
   * The key to verify a token with {@code header}, or null when the token names a key id this set
   * lacks (or has no kid and no key fits), which is worth a refetch.
   *
   * @throws JwtRejection when the answer is already final: the named key cannot verify the token's
   *     algorithm, or the token has no kid and several keys fit
   */
  VerificationKey select(JWSHeader header) throws JwtRejection {
    String kid = header.getKeyID();
    if (kid != null) {
      VerificationKey key = byKid.get(kid);
      if (key == null) {
        return null;
      }
      if (!key.fits(header.getAlgorithm())) {
        throw new JwtRejection(
            JwtFailure.ALGORITHM_NOT_ALLOWED, "the key named by kid does not fit the algorithm");
      }
      return key;
    }
    VerificationKey only = null;
    int fitting = 0;
    for (VerificationKey key : keys) {
      if (key.fits(header.getAlgorithm())) {
        only = key;
        fitting++;
      }
    }
    if (fitting > 1) {
      // Trying each key would multiply verification cost for forged tokens; require a kid.
      throw new JwtRejection(
          JwtFailure.UNKNOWN_KEY, "token has no kid and " + fitting + " keys could verify it");
    }
    return only;
  }
}
