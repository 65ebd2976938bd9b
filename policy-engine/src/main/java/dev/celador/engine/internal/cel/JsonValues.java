package dev.celador.engine.internal.cel;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one converter from parsed JSON or YAML (maps, lists, strings, numbers, booleans, null: what a
 * JSON parser returns for a CheckRequest, filter metadata or an AdmissionReview) to CEL values, as
 * kube-apiserver exposes objects: integers that fit become {@code int}, other numbers {@code
 * double}, JSON null CEL {@code null} (without this, a null anywhere in {@code object} makes every
 * expression touching it fail). Objects become {@link JsonMap}s and arrays {@link JsonList}s, which
 * cel-java reads without converting them again on every access.
 */
public final class JsonValues {

  private JsonValues() {}

  /** The CEL value of {@code value}; already converted maps and lists are returned as they are. */
  public static Object toCel(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Map<?, ?> map) {
      if (map instanceof JsonMap) {
        return map;
      }
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), toCel(e.getValue()));
      }
      return new JsonMap(out);
    }
    if (value instanceof List<?> list) {
      if (list instanceof JsonList) {
        return list;
      }
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(toCel(item));
      }
      return new JsonList(out);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  /**
   * A JSON object whose values are already what {@link #toCel} returns (a parser that builds them
   * directly saves the copy {@code toCel} would make). Takes ownership of {@code fields}.
   */
  public static Map<String, Object> jsonObject(Map<String, Object> fields) {
    return new JsonMap(fields);
  }

  /** A JSON array whose items are already what {@link #toCel} returns; owns {@code items}. */
  public static List<Object> jsonArray(List<Object> items) {
    return new JsonList(items);
  }

  /**
   * A CEL result in the shape {@link #toCel} produces: maps become {@link JsonMap}s and lists
   * {@link JsonList}s, recursively; other values (strings, numbers, CEL values) are kept as they
   * are.
   */
  public static Object freeze(Object value) {
    if (value instanceof JsonMap
        || value instanceof JsonList
        || !(value instanceof Map<?, ?> || value instanceof List<?>)) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), freeze(e.getValue()));
      }
      return new JsonMap(out);
    }
    List<?> list = (List<?>) value;
    List<Object> out = new ArrayList<>(list.size());
    for (Object item : list) {
      out.add(freeze(item));
    }
    return new JsonList(out);
  }

  /** Whether {@code value} is JSON null, as Java null or CEL's. */
  public static boolean isNull(Object value) {
    return value == null || value instanceof NullValue;
  }
}
