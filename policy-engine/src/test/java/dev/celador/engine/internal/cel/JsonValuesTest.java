package dev.celador.engine.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one JSON-to-CEL conversion, for every front door: what a JSON or YAML parser can hand over
 * and the CEL value each becomes (kube-apiserver's rules: integers that fit are int, other numbers
 * double, null is CEL null).
 */
class JsonValuesTest {

  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("int", 7, 7L),
        Arguments.of("short", (short) -3, -3L),
        Arguments.of("byte", (byte) 1, 1L),
        Arguments.of("long", Long.MIN_VALUE, Long.MIN_VALUE),
        Arguments.of("uint stays uint", UnsignedLong.valueOf(5), UnsignedLong.valueOf(5)),
        Arguments.of("double", 1.5, 1.5),
        Arguments.of("float", 0.25f, 0.25),
        Arguments.of("big integer that fits", BigInteger.valueOf(Long.MAX_VALUE), Long.MAX_VALUE),
        Arguments.of(
            "big integer past int64", BigInteger.ONE.shiftLeft(64), 18446744073709551616.0),
        Arguments.of("big decimal fraction", new BigDecimal("0.1"), 0.1),
        Arguments.of("string", "s", "s"),
        Arguments.of("boolean", true, true),
        Arguments.of("null", null, NullValue.NULL_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalars")
  void toCel_scalar_isTheCelValue(String what, Object json, Object cel) {
    Object converted = JsonValues.toCel(json);

    assertThat(converted).isEqualTo(cel);
    assertThat(converted == null ? null : converted.getClass())
        .isEqualTo(cel == null ? null : cel.getClass());
  }

  @Test
  void toCel_nestedMapsAndLists_convertedAllTheWayDown() {
    Map<Object, Object> inner = new LinkedHashMap<>();
    inner.put("n", null);
    inner.put(1, 2); // a YAML key that is not a string: CEL sees "1"
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("items", Arrays.asList(1, 2.5, null, List.of(Map.of("deep", (short) 4))));
    json.put("inner", inner);

    Object converted = JsonValues.toCel(json);

    assertThat(converted).isInstanceOf(CelValue.class).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) converted;
    assertThat(map.keySet()).containsExactly("items", "inner");
    @SuppressWarnings("unchecked")
    List<Object> items = (List<Object>) map.get("items");
    assertThat(items).isInstanceOf(CelValue.class);
    assertThat(items).containsExactly(1L, 2.5, NullValue.NULL_VALUE, List.of(Map.of("deep", 4L)));
    assertThat(((List<?>) items.get(3)).get(0)).isInstanceOf(CelValue.class);
    assertThat(map.get("inner").toString()).isEqualTo("{n=NULL_VALUE, 1=2}");
    assertThat(((Map<?, ?>) map.get("inner")).get("1")).isEqualTo(2L);
  }

  @Test
  void toCel_alreadyConverted_returnedAsIs() {
    Object once = JsonValues.toCel(Map.of("a", List.of(1)));

    assertThat(JsonValues.toCel(once)).isSameAs(once);
    assertThat(JsonValues.toCel(((Map<?, ?>) once).get("a"))).isSameAs(((Map<?, ?>) once).get("a"));
  }

  @Test
  void toCel_builtDirectly_equalsConverted() {
    Object direct =
        JsonValues.jsonObject(
            new LinkedHashMap<>(
                Map.of("a", JsonValues.jsonArray(new java.util.ArrayList<>(List.of(1L))))));

    assertThat(direct).isEqualTo(JsonValues.toCel(Map.of("a", List.of(1))));
  }

  @Test
  void freeze_celResult_becomesTheConvertedShape() {
    Object frozen = JsonValues.freeze(Map.of("a", List.of(Map.of("b", 1L))));

    assertThat(frozen).isInstanceOf(CelValue.class);
    assertThat(((List<?>) ((Map<?, ?>) frozen).get("a")).get(0)).isInstanceOf(CelValue.class);
    assertThat(frozen).isEqualTo(Map.of("a", List.of(Map.of("b", 1L))));
  }
}
