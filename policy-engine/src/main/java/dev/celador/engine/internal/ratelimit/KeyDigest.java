package dev.celador.engine.internal.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The fixed-size identity of a rate-limit key value: the first 128 bits of its SHA-256. Both stores
 * keep this instead of the value, because a key computed from a request can be as long as the
 * request (a 60 KB header), and may be a credential (an API key) that must not sit in memory or in
 * Redis as it was sent. SHA-256 rather than a fast hash: a client must not be able to make its key
 * collide with another client's and share, or exhaust, that client's bucket.
 */
public record KeyDigest(long high, long low) {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
          });

  /** The digest of {@code value}'s UTF-8 encoding. */
  public static KeyDigest of(String value) {
    byte[] hash = SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    return new KeyDigest(longAt(hash, 0), longAt(hash, 8));
  }

  /** The 16 bytes, big-endian: the first 16 bytes of the SHA-256. */
  public byte[] bytes() {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }

  /** The 16 bytes in unpadded base64url: 22 characters, safe in a Redis key. */
  public String base64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
  }

  private static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }
}
