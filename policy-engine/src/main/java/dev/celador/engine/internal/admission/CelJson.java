package dev.celador.engine.internal.admission;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.StructValue;
import dev.celador.engine.internal.cel.JsonValues;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CEL result as JSON (maps, lists, strings, numbers, booleans, null), as kube-apiserver marshals
 * a mutation's values: ints and doubles as numbers, bytes as base64, structs as objects of their
 * set fields. Other values (timestamps, durations, types) have no JSON form here.
 */
final class CelJson {

  private CelJson() {}

  /**
   * @throws IllegalArgumentException for a value with no JSON form
   */
  static Object of(Object value) {
    return of(value, false);
  }

  /**
   * {@link #of} with bytes left as {@code byte[]}: the API server converts an apply configuration
   * to its typed form with bytes still bytes, which no typed field accepts.
   */
  static Object keepingBytes(Object value) {
    return of(value, true);
  }

  private static Object of(Object value, boolean keepBytes) {
    if (JsonValues.isNull(value)) {
      return null;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof UnsignedLong u) {
      return u.bigIntegerValue();
    }
    if (value instanceof CelByteString bytes) {
      if (keepBytes) {
        return bytes.toByteArray();
      }
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
    if (value instanceof StructValue<?, ?> struct && struct.value() instanceof Map<?, ?> fields) {
      return map(fields, keepBytes);
    }
    if (value instanceof Map<?, ?> map) {
      return map(map, keepBytes);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(of(item, keepBytes)));
      return out;
    }
    throw new IllegalArgumentException(
        "unsupported value of type " + dev.celador.engine.internal.cel.k8s.KubeTypeNames.of(value));
  }

  private static Map<String, Object> map(Map<?, ?> map, boolean keepBytes) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), of(v, keepBytes)));
    return out;
  }
}
