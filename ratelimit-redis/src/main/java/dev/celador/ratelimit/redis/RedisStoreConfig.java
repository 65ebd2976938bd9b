package dev.celador.ratelimit.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the Redis that holds shared buckets.
 *
 * @param url {@code redis://[[user:]password@]host[:port][/db]}, or {@code rediss://} for TLS
 * @param username overrides the URL's user (ACL), e.g. from a secret; empty to keep the URL's
 * @param password overrides the URL's password, e.g. from a secret; empty to keep the URL's
 * @param timeout how long one check may take before its limit's failureMode applies
 * @param keyPrefix prepended to every key, so several deployments can share one Redis
 * @param maxReconnectDelay the longest pause between reconnection attempts while Redis is down
 */
public record RedisStoreConfig(
    String url,
    Optional<String> username,
    Optional<char[]> password,
    Duration timeout,
    String keyPrefix,
    Duration maxReconnectDelay) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final String DEFAULT_KEY_PREFIX = "celador:rl:";
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  public RedisStoreConfig {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** {@code url} with the defaults: 50 ms timeout, prefix {@code celador:rl:}. */
  public static RedisStoreConfig of(String url) {
    return new RedisStoreConfig(
        url,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_TIMEOUT,
        DEFAULT_KEY_PREFIX,
        DEFAULT_MAX_RECONNECT_DELAY);
  }

  public RedisStoreConfig withTimeout(Duration newTimeout) {
    return new RedisStoreConfig(url, username, password, newTimeout, keyPrefix, maxReconnectDelay);
  }

  public RedisStoreConfig withCredentials(String user, char[] secret) {
    return new RedisStoreConfig(
        url, Optional.ofNullable(user), Optional.of(secret), timeout, keyPrefix, maxReconnectDelay);
  }

  public RedisStoreConfig withKeyPrefix(String prefix) {
    return new RedisStoreConfig(url, username, password, timeout, prefix, maxReconnectDelay);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "RedisStoreConfig[url="
        + url.replaceAll("//[^@/]*@", "//***@")
        + ", timeout="
        + timeout
        + ", keyPrefix="
        + keyPrefix
        + "]";
  }
}
