package dev.celador.engine.ssa;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How structured-merge-diff judges a value against a scalar's type, and how it prints the value in
 * its messages (Go's {@code %v} of its value wrapper, {@code &{...}}; {@code %T} of the plain value
 * for numbers).
 */
final class ValueTypes {

  private ValueTypes() {}

  /** Why {@code value} does not fit {@code type}, in structured-merge-diff's words, or null. */
  static String scalarProblem(Object value, SchemaNode.Scalar type) {
    boolean number = value instanceof Number;
    boolean text = value instanceof String;
    boolean bool = value instanceof Boolean;
    boolean fits =
        switch (type) {
          case NUMERIC -> number;
          case STRING -> text;
          case BOOLEAN -> bool;
          case ANY -> number || text || bool;
        };
    // smd prints the plain value's Go type for numbers, its value wrapper for the rest.
    return fits
        ? null
        : type.expected(type == SchemaNode.Scalar.NUMERIC ? goType(value) : describe(value));
  }

  /** The value as structured-merge-diff prints it: Go's {@code %v} of its wrapper. */
  static String describe(Object value) {
    return "&{" + go(value) + "}";
  }

  /** Go's {@code %T} of a JSON value decoded into {@code interface{}}. */
  static String goType(Object value) {
    if (value instanceof String) {
      return "string";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof Double || value instanceof Float) {
      return "float64";
    } else if (value instanceof Number) {
      return "int64";
    } else if (value instanceof Map<?, ?>) {
      return "map[string]interface {}";
    } else if (value instanceof List<?>) {
      return "[]interface {}";
    }
    return "<nil>";
  }

  /** Go's {@code %v} of a JSON value: maps with sorted keys, lists space-separated. */
  private static String go(Object value) {
    if (value == null) {
      return "<nil>";
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("map[");
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sorted.forEach(
          (k, v) -> out.append(out.length() > 4 ? " " : "").append(k).append(':').append(go(v)));
      return out.append(']').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i > 0 ? " " : "").append(go(list.get(i)));
      }
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }
}
