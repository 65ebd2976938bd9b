package dev.celador.engine.internal.jsonpatch;

import dev.celador.engine.internal.cel.JsonValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep copies and JSON equality of parsed JSON (maps, lists, scalars). */
public final class JsonTree {

  private JsonTree() {}

  /** A mutable deep copy: maps become LinkedHashMaps and lists ArrayLists; CEL null is null. */
  public static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(copy(item)));
      return out;
    }
    return JsonValues.isNull(value) ? null : value;
  }

  /** Whether two JSON values are equal: numbers by value, objects whatever their key order. */
  public static boolean equal(Object a, Object b) {
    a = JsonValues.isNull(a) ? null : a;
    b = JsonValues.isNull(b) ? null : b;
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object container) {
    return (Map<String, Object>) container;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object container) {
    return (List<Object>) container;
  }
}
