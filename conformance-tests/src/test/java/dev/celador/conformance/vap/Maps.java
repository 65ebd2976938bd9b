package dev.celador.conformance.vap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small checked accessors for parsed YAML/JSON (maps, lists, scalars). */
final class Maps {

  private Maps() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  /** {@code o} as a mapping, an empty one when null, or an error naming {@code where}. */
  static Map<String, Object> map(Object o, String where) {
    if (o == null) {
      return new LinkedHashMap<>();
    }
    if (!(o instanceof Map<?, ?>)) {
      throw new CorpusException(where + ": expected a mapping");
    }
    return cast(o);
  }

  /** A deep, mutable copy of the mapping {@code o}. */
  static Map<String, Object> copy(Object o, String where) {
    return cast(deepCopy(map(o, where)));
  }

  static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(deepCopy(v)));
      return out;
    }
    return o;
  }

  static List<Object> list(Object o, String where) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw new CorpusException(where + ": expected a list");
    }
    return new ArrayList<>(l);
  }

  static String string(Map<String, Object> m, String key, String where) {
    if (!(m.get(key) instanceof String s) || s.isEmpty()) {
      throw new CorpusException(where + "." + key + ": required string is missing");
    }
    return s;
  }

  /** The child mapping {@code key} of {@code m}, created when absent. */
  static Map<String, Object> child(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      Map<String, Object> created = new LinkedHashMap<>();
      m.put(key, created);
      return created;
    }
    return map(v, key);
  }

  static void checkKeys(Map<String, Object> m, Set<String> allowed, String where) {
    Set<String> unknown = new TreeSet<>(m.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new CorpusException(
          where + ": unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(allowed));
    }
  }
}
