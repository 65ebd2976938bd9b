package dev.celador.engine.api;

import java.time.Duration;

/**
 * How remote key sets are fetched and cached; one set of options per engine.
 *
 * @param fetchTimeout longest a JWKS or discovery request may take, and so the longest a request
 *     waits for keys (500 ms)
 * @param maxBytes largest JWKS or discovery document accepted (64 KiB)
 * @param refreshInterval how often keys are refetched in the background, before anyone needs them
 *     (5 min)
 * @param minRefetchInterval least time between two fetches of one source, whatever tokens with
 *     unknown key ids arrive; also the retry delay after a failed fetch of a source that has keys
 *     (30 s); one that never had keys backs off from a second to five minutes ({@link
 *     RetryBackoff})
 * @param tokenCacheSize most verified tokens kept per policy set (10,000), counting a token longer
 *     than 2 KiB once per started 2 KiB, so the cache holds at most about 20 MB of tokens
 */
public record JwksOptions(
    Duration fetchTimeout,
    int maxBytes,
    Duration refreshInterval,
    Duration minRefetchInterval,
    int tokenCacheSize) {

  public JwksOptions {
    if (fetchTimeout.isNegative()
        || fetchTimeout.isZero()
        || maxBytes < 1
        || refreshInterval.isNegative()
        || refreshInterval.isZero()
        || minRefetchInterval.isNegative()
        || tokenCacheSize < 0) {
      throw new IllegalArgumentException("JWKS options must be positive");
    }
  }

  public static JwksOptions defaults() {
    return new JwksOptions(
        Duration.ofMillis(500), 64 * 1024, Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000);
  }

  public JwksOptions withFetchTimeout(Duration timeout) {
    return new JwksOptions(timeout, maxBytes, refreshInterval, minRefetchInterval, tokenCacheSize);
  }

  public JwksOptions withRefreshInterval(Duration interval) {
    return new JwksOptions(fetchTimeout, maxBytes, interval, minRefetchInterval, tokenCacheSize);
  }

  public JwksOptions withMinRefetchInterval(Duration interval) {
    return new JwksOptions(fetchTimeout, maxBytes, refreshInterval, interval, tokenCacheSize);
  }
}
