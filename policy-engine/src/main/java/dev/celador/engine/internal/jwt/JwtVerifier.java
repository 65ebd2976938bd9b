package dev.celador.engine.internal.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Verifies a bearer token against the issuers that may have signed it, remembering verified tokens
 * until they expire. A cached token counts only while the key that verified it is still published
 * (a rotation that removes a kid evicts its tokens on their next use) and only for the issuer entry
 * that verified it. Thread-safe; one per policy set.
 *
 * <p>The cache is keyed by the token itself, as Envoy's jwt_authn cache is: hashing it with SHA-256
 * on every request cost more than the rest of a cache hit ({@link TokenKey} hashes only its tail).
 * Memory stays bounded by weighing each token by its length in {@link #WEIGHT_UNIT} units.
 */
public final class JwtVerifier implements KeySetListener {

  private final Clock clock;
  private final TokenParser parser = new TokenParser();

  /** A cached token is verified again after a day, however far away its exp is. */
  static final long MAX_AGE_MILLIS = 86_400_000L;

  /** A token of up to this many characters weighs 1; longer ones weigh one more per unit. */
  static final int WEIGHT_UNIT = 2048;

  private final Cache<TokenKey, Cached> cache;

  /**
   * @param cacheSize most verified tokens of up to {@link #WEIGHT_UNIT} characters remembered
   *     (longer ones count as several); 0 verifies every token in full
   */
  public JwtVerifier(Clock clock, int cacheSize) {
    this.clock = clock;
    if (cacheSize == 0) {
      this.cache = null;
      return;
    }
    // No expiry policy: every hit checks exp and age itself (stillValid), and a per-entry expiry
    // made each hit reschedule its entry. Expired tokens nobody sends again wait for eviction by
    // weight, which bounds them like any other entry.
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(cacheSize)
            .<TokenKey, Cached>weigher(
                (key, cached) -> 1 + (key.carrier().length() - 1) / WEIGHT_UNIT)
            // Maintenance on the calling thread: handing it to the common pool woke a thread
            // every few requests, which cost more than the maintenance itself.
            .executor(Runnable::run)
            .build();
  }

  /**
   * The verified token and the issuer entry that accepted it, waiting (at most the JWKS fetch
   * timeout) for a fetch should the token name a key its issuer's set lacks: for tests and
   * benchmarks. A server uses {@link #attempt}, which never waits.
   *
   * @param candidates the issuers of the policies selecting the request
   * @throws JwtRejection naming the precise failure
   */
  public Accepted verify(String token, List<IssuerVerifier> candidates) throws JwtRejection {
    try {
      return attempt(token, 0, false, candidates, null);
    } catch (KeysPending pending) {
      try {
        pending.fetch().join();
      } catch (CompletionException | CancellationException e) {
        // Timed out: decided below with the keys at hand.
      }
      try {
        return attempt(token, 0, false, candidates, pending.fetch());
      } catch (KeysPending impossible) {
        throw new IllegalStateException("deferred a token after waiting", impossible);
      }
    }
  }

  /**
   * Verifies a token, or defers it while a fetch that may bring its key runs.
   *
   * @param carrier the token, or with {@code inHeader} the header value carrying it from {@code
   *     start} on, without surrounding whitespace (after "Bearer "). A cache hit is found by the
   *     carrier itself, so the token is copied out of it only to verify it in full.
   * @param candidates the issuers of the policies selecting the request
   * @param waited null on the first attempt; on the attempt after a {@link KeysPending}, the fetch
   *     waited for: the token is then decided with the keys at hand
   * @throws KeysPending only when {@code waited} is null: wait for its fetch (without blocking),
   *     then attempt again
   * @throws JwtRejection naming the precise failure
   */
  public Accepted attempt(
      String carrier,
      int start,
      boolean inHeader,
      List<IssuerVerifier> candidates,
      CompletableFuture<KeySet> waited)
      throws JwtRejection, KeysPending {
    // Only carriers of tokens that passed every check below are ever cached.
    TokenKey key = cache == null ? null : TokenKey.of(carrier, start);
    Cached hit = key == null ? null : cache.getIfPresent(key);
    if (hit != null) {
      if (stillValid(hit, candidates, clock.millis())) {
        return new Accepted(hit.token(), hit.verifier());
      }
      cache.invalidate(key);
    }
    String token = inHeader ? carrier.substring(start).strip() : carrier;
    if (token.length() > TokenParser.MAX_TOKEN_LENGTH) {
      throw new JwtRejection(
          JwtFailure.TOO_LARGE,
          "token longer than " + TokenParser.MAX_TOKEN_LENGTH + " characters");
    }
    Instant now = clock.instant();
    ParsedToken parsed = parser.parse(token);
    JwtRejection first = null;
    KeysPending pending = null;
    for (IssuerVerifier verifier : candidates) {
      if (!verifier.issuer().issuer().equals(parsed.issuer())) {
        continue;
      }
      try {
        IssuerVerifier.Verified verified = verifier.verify(parsed, now, waited == null);
        if (cache != null) {
          cache.put(
              key, new Cached(verified.token(), verifier, verified.key(), now.toEpochMilli()));
        }
        return new Accepted(verified.token(), verifier);
      } catch (JwtRejection e) {
        first = first == null ? e : first;
      } catch (KeysPending e) {
        pending = pending == null ? e : pending;
      }
    }
    if (pending != null) {
      throw pending;
    }
    if (first != null) {
      if (first.failure() == JwtFailure.UNKNOWN_KEY
          && waited != null
          && waited.isCompletedExceptionally()) {
        throw new JwtRejection(JwtFailure.UNKNOWN_KEY, first.detail() + IssuerVerifier.TIMED_OUT);
      }
      throw first;
    }
    throw new JwtRejection(
        JwtFailure.UNKNOWN_ISSUER, "no policy for this request trusts the token's issuer");
  }

  /** Evicts cached tokens of {@code source} when its new key sets drop their keys. */
  public void watch(KeySource source) {
    source.addListener(this);
  }

  @Override
  public void keysChanged(KeySource source, KeySet keys) {
    if (cache != null) {
      cache
          .asMap()
          .values()
          .removeIf(c -> c.verifier().keys() == source && !keys.contains(c.key()));
    }
  }

  /** Number of verified tokens cached now, for metrics. */
  public long cachedTokens() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /**
   * A hit counts until the token's exp, for at most {@link #MAX_AGE_MILLIS} (then it is verified
   * again), while the key that verified it is still published, and only for an issuer entry among
   * the candidates.
   */
  private static boolean stillValid(Cached hit, List<IssuerVerifier> candidates, long nowMillis) {
    // Milliseconds suffice to compare with exp (whole seconds); Clock.instant() showed in
    // profiles of the cache-hit path.
    if (nowMillis >= hit.expiresAtMillis()
        || nowMillis - hit.verifiedAtMillis() >= MAX_AGE_MILLIS) {
      return false;
    }
    boolean candidate = false;
    for (IssuerVerifier verifier : candidates) {
      candidate |= verifier == hit.verifier();
    }
    return candidate && hit.verifier().keys().current().contains(hit.key());
  }

  /** A token accepted by {@code verifier}. */
  public record Accepted(VerifiedJwt token, IssuerVerifier verifier) {}

  /**
   * A cached token's key: the string that carries it and where the token starts in it. Tokens are
   * hundreds of characters and arrive as new strings, so {@code String.hashCode} would hash all of
   * them on every request; the tail of a signed token is its signature, which spreads as well, so
   * only the length, the start and the last {@link #TAIL} characters are hashed. Equality is the
   * whole carrier. Tokens that fail verification are never cached, so crafted tails cannot fill a
   * hash bucket.
   */
  private record TokenKey(String carrier, int start, int hash) {
    static final int TAIL = 32;

    static TokenKey of(String carrier, int start) {
      int length = carrier.length();
      int h = 31 * length + start;
      for (int i = Math.max(0, length - TAIL); i < length; i++) {
        h = 31 * h + carrier.charAt(i);
      }
      return new TokenKey(carrier, start, h);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TokenKey that && that.start == start && that.carrier.equals(carrier);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Cached(
      VerifiedJwt token,
      IssuerVerifier verifier,
      VerificationKey key,
      long verifiedAtMillis,
      long expiresAtMillis) {

    Cached(VerifiedJwt token, IssuerVerifier verifier, VerificationKey key, long verifiedAtMillis) {
      this(token, verifier, key, verifiedAtMillis, millis(token.expiresAt()));
    }

    /** An exp too far away for milliseconds in a long is as good as never. */
    private static long millis(Instant instant) {
      return instant.getEpochSecond() >= Long.MAX_VALUE / 1000
          ? Long.MAX_VALUE
          : instant.toEpochMilli();
    }
  }
}
