package dev.celador.extauthz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodedHeaders} behaves as the LinkedHashMap protobuf builds, below and past its arrays.
 */
class DecodedHeadersTest {

  private final Random random = new Random(7);

  @Test
  void put_randomNamesWithRepeats_sameAsLinkedHashMapInOrder() {
    for (int n : new int[] {0, 1, 8, DecodedHeaders.ARRAY_MAX, DecodedHeaders.ARRAY_MAX + 1, 500}) {
      DecodedHeaders headers = new DecodedHeaders();
      Map<String, String> expected = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = "h" + random.nextInt(Math.max(1, n * 3 / 4)); // some names repeat
        String value = "v" + i;
        assertThat(headers.put(name, value)).isEqualTo(expected.put(name, value));
      }

      assertThat(headers).isEqualTo(expected).hasSize(expected.size());
      assertThat(new ArrayList<>(headers.entrySet()))
          .isEqualTo(new ArrayList<>(expected.entrySet()));
      for (String name : List.of("h0", "h1", "missing")) {
        assertThat(headers.get(name)).isEqualTo(expected.get(name));
        assertThat(headers.containsKey(name)).isEqualTo(expected.containsKey(name));
      }
    }
  }

  @Test
  void merge_joinsRepeatedValues() {
    DecodedHeaders headers = new DecodedHeaders();
    headers.put("a", "1");

    headers.merge("a", "2", (x, y) -> x + "," + y);
    headers.merge("b", "3", (x, y) -> x + "," + y);

    assertThat(headers).containsExactly(Map.entry("a", "1,2"), Map.entry("b", "3"));
  }
}
