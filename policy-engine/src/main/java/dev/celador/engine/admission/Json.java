package dev.celador.engine.admission;

/**
 * The JSON admission writes itself (audit annotations, AdmissionReview responses): compact, map
 * keys in the order given, strings escaped as Go's encoding/json escapes them.
 */
final class Json {

  private Json() {}

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as compact JSON text. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      out.append(quote(s));
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof java.util.Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (var e : map.entrySet()) {
        out.append(first ? "" : ",").append(quote(String.valueOf(e.getKey()))).append(':');
        write(e.getValue(), out);
        first = false;
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        out.append(first ? "" : ",");
        write(item, out);
        first = false;
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
