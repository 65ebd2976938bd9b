package dev.celador.engine.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyDigestTest {

  @Test
  void bytes_anyValue_areTheFirst16BytesOfSha256OfUtf8() throws Exception {
    String value = "clé-\u00e9-\uD83D\uDE00";
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));

    assertThat(KeyDigest.of(value).bytes()).isEqualTo(Arrays.copyOf(sha, 16));
  }

  /** Redis keys written before the digest moved here must name the same buckets. */
  @Test
  void base64Url_knownValue_isTheRedisKeyFormat() throws Exception {
    byte[] sha =
        MessageDigest.getInstance("SHA-256")
            .digest("secret-api-key-123".getBytes(StandardCharsets.UTF_8));
    String expected =
        Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));

    assertThat(KeyDigest.of("secret-api-key-123").base64Url()).isEqualTo(expected).hasSize(22);
  }

  @Test
  void of_equalValues_areEqualAndDifferentValuesAreNot() {
    assertThat(KeyDigest.of("alice")).isEqualTo(KeyDigest.of(new String("alice")));
    assertThat(KeyDigest.of("alice")).isNotEqualTo(KeyDigest.of("alicf"));
  }
}
