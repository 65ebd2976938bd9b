package dev.celador.engine.cel;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapts JSON-like Java values (what a JSON parser returns for a CheckRequest or AdmissionReview)
 * to CEL's runtime values: Java null becomes CEL null, integers become int, decimals double.
 * Without this, a JSON {@code null} anywhere in {@code object} makes every expression touching it
 * fail.
 */
public final class JsonValues {

  private JsonValues() {}

  /** The CEL value of {@code value}; maps and lists are copied only when something changes. */
  public static Object toCel(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Map<?, ?> map) {
      return mapToCel(map);
    }
    if (value instanceof List<?> list) {
      return listToCel(list);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float) {
      return ((Float) value).doubleValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? big.longValue() : big.doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    return value;
  }

  private static Object mapToCel(Map<?, ?> map) {
    Map<Object, Object> converted = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = toCel(e.getValue());
      if (v != e.getValue() && converted == null) {
        converted = new LinkedHashMap<>(map);
      }
      if (converted != null) {
        converted.put(e.getKey(), v);
      }
    }
    return converted == null ? map : converted;
  }

  private static Object listToCel(List<?> list) {
    List<Object> converted = null;
    for (int i = 0; i < list.size(); i++) {
      Object original = list.get(i);
      Object v = toCel(original);
      if (v != original && converted == null) {
        converted = new ArrayList<>(list);
      }
      if (converted != null) {
        converted.set(i, v);
      }
    }
    return converted == null ? list : converted;
  }
}
