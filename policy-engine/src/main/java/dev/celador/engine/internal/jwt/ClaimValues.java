package dev.celador.engine.internal.jwt;

import dev.cel.common.values.NullValue;
import dev.celador.engine.internal.model.HeaderValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns parsed JSON claims into CEL values and into upstream header values. */
public final class ClaimValues {

  private static final Pattern SPACES = Pattern.compile(" +");

  private ClaimValues() {}

  /** The claims as immutable CEL values: JSON null becomes CEL null, numbers stay long/double. */
  static Map<String, Object> toCel(Map<String, Object> json) {
    Map<String, Object> result = new LinkedHashMap<>();
    json.forEach((k, v) -> result.put(k, value(v)));
    return Map.copyOf(result);
  }

  private static Object value(Object v) {
    if (v == null) {
      return NullValue.NULL_VALUE;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((k, item) -> result.put(String.valueOf(k), value(item)));
      return Map.copyOf(result);
    }
    if (v instanceof Collection<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(item -> result.add(value(item)));
      return List.copyOf(result);
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }

  /** A string claim, or "" when absent or of another type. */
  static String string(Map<String, Object> json, String name) {
    return json.get(name) instanceof String s ? s : "";
  }

  /** {@code aud}: a string is a one-element list; non-strings in a list are ignored. */
  static List<String> audiences(Map<String, Object> json) {
    return strings(json.get("aud"), false);
  }

  /** {@code scope} (space-separated, RFC 8693) or else {@code scp} (a list or a string). */
  static List<String> scopes(Map<String, Object> json) {
    Object scope = json.get("scope");
    if (scope instanceof String) {
      return strings(scope, true);
    }
    return strings(json.get("scp"), true);
  }

  private static List<String> strings(Object value, boolean split) {
    if (value instanceof String s) {
      if (!split) {
        return List.of(s);
      }
      String trimmed = s.trim();
      return trimmed.isEmpty() ? List.of() : List.of(SPACES.split(trimmed));
    }
    if (value instanceof Collection<?> list) {
      List<String> result = new ArrayList<>(list.size());
      for (Object item : list) {
        if (item instanceof String s) {
          result.add(s);
        }
      }
      return result;
    }
    return List.of();
  }

  /**
   * A claim as a header value: strings as they are, numbers and booleans in JSON spelling, lists of
   * those joined with commas. Objects, and values with control characters, give no header.
   */
  public static Optional<String> headerValue(Object claim) {
    String text;
    if (claim instanceof Collection<?> list) {
      List<String> parts = new ArrayList<>(list.size());
      for (Object item : list) {
        Optional<String> part = scalar(item);
        if (part.isEmpty()) {
          return Optional.empty();
        }
        parts.add(part.get());
      }
      text = String.join(",", parts);
    } else {
      Optional<String> scalar = scalar(claim);
      if (scalar.isEmpty()) {
        return Optional.empty();
      }
      text = scalar.get();
    }
    return HeaderValue.controlCharacterAt(text) < 0 ? Optional.of(text) : Optional.empty();
  }

  private static Optional<String> scalar(Object value) {
    if (value instanceof String || value instanceof Long || value instanceof Boolean) {
      return Optional.of(value.toString());
    }
    if (value instanceof Double d) {
      return Optional.of(
          d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
    }
    return Optional.empty();
  }
}
