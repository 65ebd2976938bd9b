package dev.celador.engine.internal.ssa;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configuration value as structured-merge-diff's messages print it with Go's verbs: {@code %v}
 * and {@code %#v} of its wrapped value, and {@code %T}. Values are those of an apply configuration
 * from CEL: strings, int64s, float64s, booleans, bytes, maps, lists, and null (CEL's null arrives
 * as protobuf's {@code NullValue}, an enum whose number is 0 and whose name is NULL_VALUE).
 */
final class GoFormat {

  private GoFormat() {}

  /** {@code %v} of the wrapped value: {@code &{t}}. */
  static String plain(Object value) {
    return "&{" + v(value) + "}";
  }

  /** {@code %#v} of the wrapped value: {@code &value.valueUnstructured{Value:"t"}}. */
  static String sharp(Object value) {
    return "&value.valueUnstructured{Value:" + sharpValue(value) + "}";
  }

  /** {@code %T}: the Go type of the value. */
  static String type(Object value) {
    if (value == null) {
      return "structpb.NullValue";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Double) {
      return "float64";
    }
    if (value instanceof byte[]) {
      return "[]uint8";
    }
    if (value instanceof Map<?, ?>) {
      return "map[string]interface {}";
    }
    if (value instanceof List<?>) {
      return "[]interface {}";
    }
    return "int64";
  }

  private static String v(Object value) {
    if (value == null) {
      return "NULL_VALUE";
    }
    if (value instanceof Double d) {
      return number(d);
    }
    if (value instanceof byte[] bytes) {
      List<String> out = new ArrayList<>();
      for (byte b : bytes) {
        out.add(Integer.toString(b & 0xff));
      }
      return "[" + String.join(" ", out) + "]";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> out = new ArrayList<>();
      new TreeMap<>(stringKeys(map)).forEach((k, x) -> out.add(k + ":" + v(x)));
      return "map[" + String.join(" ", out) + "]";
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(" ", list.stream().map(GoFormat::v).toList()) + "]";
    }
    return String.valueOf(value);
  }

  private static String sharpValue(Object value) {
    if (value == null) {
      return "0";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return number(d);
    }
    if (value instanceof byte[] bytes) {
      List<String> out = new ArrayList<>();
      for (byte b : bytes) {
        out.add(String.format("0x%x", b & 0xff));
      }
      return "[]uint8{" + String.join(", ", out) + "}";
    }
    if (value instanceof Map<?, ?> map) {
      List<String> out = new ArrayList<>();
      new TreeMap<>(stringKeys(map)).forEach((k, x) -> out.add(quote(k) + ":" + sharpValue(x)));
      return "map[string]interface {}{" + String.join(", ", out) + "}";
    }
    if (value instanceof List<?> list) {
      return "[]interface {}{"
          + String.join(", ", list.stream().map(GoFormat::sharpValue).toList())
          + "}";
    }
    return String.valueOf(value);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    map.forEach((k, x) -> out.put(String.valueOf(k), x));
    return out;
  }

  /** Go's %v of a float64: shortest form, no ".0" on whole numbers, e+NN exponents. */
  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new BigInteger(String.format("%.0f", d)).toString();
    }
    String s = Double.toString(d);
    if (s.contains("E")) {
      String[] parts = s.split("E");
      int exp = Integer.parseInt(parts[1]);
      return parts[0].replaceAll("\\.0$", "")
          + "e"
          + (exp < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exp));
    }
    return s;
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
