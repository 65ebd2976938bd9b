package dev.celador.engine.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token, as the key of the verified-token cache: the cache never holds tokens
 * themselves, and equal hashes mean equal tokens.
 */
record TokenHash(long a, long b, long c, long d) {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  static TokenHash of(String token) {
    MessageDigest digest = SHA256.get();
    ByteBuffer hash = ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.ISO_8859_1)));
    return new TokenHash(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }
}
