package dev.celador.ratelimit.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the Redis that holds shared buckets.
 *
 * @param url {@code redis://[[user:]password@]host[:port][/db]}, or {@code rediss://} for TLS; for
 *     a cluster, one or more nodes to discover it from, separated by commas; for a master behind
 *     Redis Sentinel, {@code redis-sentinel://host:26379[,host2:26379...]#master}
 * @param cluster whether {@code url} names a Redis Cluster (the cluster client, which follows the
 *     slots to their masters and refreshes the topology on failover) rather than one server
 * @param username overrides the URL's user (ACL), e.g. from a secret; empty to keep the URL's
 * @param password overrides the URL's password, e.g. from a secret; empty to keep the URL's
 * @param timeout how long one check may take before its limit's failureMode applies
 * @param keyPrefix prepended to every key, so several deployments can share one Redis
 * @param maxReconnectDelay the longest pause between reconnection attempts while Redis is down
 * @param leases whether busy buckets of high rate are leased ({@link Leases}): a replica spends a
 *     few of their tokens in one script and admits that many requests itself
 */
public record RedisStoreConfig(
    String url,
    Optional<String> username,
    Optional<char[]> password,
    Duration timeout,
    String keyPrefix,
    Duration maxReconnectDelay,
    boolean cluster,
    boolean leases) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final String DEFAULT_KEY_PREFIX = "celador:rl:";
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  public RedisStoreConfig {
    Objects.requireNonNull(url, "url");
    if (isSentinel(url)) {
      if (cluster) {
        throw new IllegalArgumentException("a Sentinel URL names one master, not a cluster");
      }
      if (!url.contains("#") || url.endsWith("#")) {
        throw new IllegalArgumentException(
            "a Sentinel URL names its master after '#': redis-sentinel://host:26379#mymaster");
      }
    } else {
      for (String node : url.split(",")) {
        if (!node.strip().startsWith("redis://") && !node.strip().startsWith("rediss://")) {
          throw new IllegalArgumentException(
              "Redis URL must start with redis://, rediss:// or redis-sentinel://");
        }
      }
      if (!cluster && url.contains(",")) {
        throw new IllegalArgumentException("several Redis URLs name a cluster: set cluster mode");
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** {@code url} with the defaults: 50 ms timeout, prefix {@code celador:rl:}, leases on. */
  public static RedisStoreConfig of(String url) {
    return of(url, false);
  }

  /** {@code url}, of a Redis Cluster or a single server, with the defaults. */
  public static RedisStoreConfig of(String url, boolean cluster) {
    return new RedisStoreConfig(
        url,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_TIMEOUT,
        DEFAULT_KEY_PREFIX,
        DEFAULT_MAX_RECONNECT_DELAY,
        cluster,
        true);
  }

  public RedisStoreConfig withTimeout(Duration newTimeout) {
    return new RedisStoreConfig(
        url, username, password, newTimeout, keyPrefix, maxReconnectDelay, cluster, leases);
  }

  public RedisStoreConfig withCredentials(String user, char[] secret) {
    return new RedisStoreConfig(
        url,
        Optional.ofNullable(user),
        Optional.of(secret),
        timeout,
        keyPrefix,
        maxReconnectDelay,
        cluster,
        leases);
  }

  public RedisStoreConfig withKeyPrefix(String prefix) {
    return new RedisStoreConfig(
        url, username, password, timeout, prefix, maxReconnectDelay, cluster, leases);
  }

  /** With token leases for busy high-rate buckets on or off. */
  public RedisStoreConfig withLeases(boolean on) {
    return new RedisStoreConfig(
        url, username, password, timeout, keyPrefix, maxReconnectDelay, cluster, on);
  }

  /** Never prints the password. */
  /**
   * Whether {@code url} names a master through Redis Sentinel: {@code
   * redis-sentinel://[password@]host[:port][,host[:port]...][/db]#master} (or {@code
   * rediss-sentinel://}), whose commas separate sentinels, not cluster nodes.
   */
  static boolean isSentinel(String url) {
    String u = url.strip();
    return u.startsWith("redis-sentinel://") || u.startsWith("rediss-sentinel://");
  }

  @Override
  public String toString() {
    return "RedisStoreConfig[url="
        + url.replaceAll("//[^@/]*@", "//***@")
        + ", timeout="
        + timeout
        + ", keyPrefix="
        + keyPrefix
        + (cluster ? ", cluster" : "")
        + (leases ? "" : ", no leases")
        + "]";
  }
}
