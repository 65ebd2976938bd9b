package dev.celador.ratelimit.redis;

import dev.celador.engine.ratelimit.BucketKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Redis keys of buckets: {@code <prefix>{<namespace/policy/limit>/<digest>}}. The braces are a
 * Redis Cluster hash tag holding the bucket's whole identity, so buckets spread over the slots
 * while anything stored for one bucket shares its slot. Key values are hashed (SHA-256, 128 bits
 * kept): they may be credentials such as API keys, and they may be long.
 */
final class RedisKeys {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  String of(BucketKey bucket) {
    byte[] digest = SHA256.get().digest(bucket.value().getBytes(StandardCharsets.UTF_8));
    String value =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    return prefix + '{' + bucket.limitId() + '/' + value + '}';
  }
}
