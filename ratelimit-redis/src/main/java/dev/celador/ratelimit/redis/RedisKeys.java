package dev.celador.ratelimit.redis;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.KeyDigest;

/**
 * Redis keys of buckets: {@code <prefix>{<namespace/policy/limit>/<digest>}}. The braces are a
 * Redis Cluster hash tag holding the bucket's whole identity, so buckets spread over the slots
 * while anything stored for one bucket shares its slot. Key values are stored as their {@link
 * KeyDigest}: they may be credentials such as API keys, and they may be long.
 */
final class RedisKeys {

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  String of(BucketKey bucket) {
    return prefix + '{' + bucket.limitId() + '/' + KeyDigest.of(bucket.value()).base64Url() + '}';
  }
}
