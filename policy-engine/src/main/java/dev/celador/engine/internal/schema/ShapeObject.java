package dev.celador.engine.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the shape of a YAML mapping from the list of field names its reader allows: every name in
 * that list must be given a shape and no other name may be, so the schema and the reader's unknown
 * field check cannot drift apart. {@link #build} fails otherwise, and with it the schema test.
 */
public final class ShapeObject {

  private final List<String> allowed;
  private final Map<String, Shape> fields = new LinkedHashMap<>();
  private final Set<String> required = new LinkedHashSet<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private boolean snakeCase;

  private ShapeObject(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** An object whose reader allows exactly {@code allowed}. */
  public static ShapeObject of(List<String> allowed) {
    return new ShapeObject(allowed);
  }

  public ShapeObject field(String name, Shape shape) {
    if (fields.putIfAbsent(name, shape) != null) {
      throw new IllegalStateException("field '" + name + "' given twice");
    }
    return this;
  }

  /** The same shape for several fields. */
  public ShapeObject fields(List<String> names, Shape shape) {
    names.forEach(name -> field(name, shape));
    return this;
  }

  public ShapeObject required(String... names) {
    required.addAll(List.of(names));
    return this;
  }

  /** One more JSON Schema keyword on the object (anyOf, oneOf, if/then/else, minProperties). */
  public ShapeObject with(String keyword, Object value) {
    extra.put(keyword, value);
    return this;
  }

  /**
   * The reader also takes {@code expect_limited} for {@code expectLimited}, as proto3 JSON does.
   */
  public ShapeObject acceptSnakeCase() {
    snakeCase = true;
    return this;
  }

  public Shape build() {
    Set<String> missing = new LinkedHashSet<>(allowed);
    missing.removeAll(fields.keySet());
    Set<String> extraNames = new LinkedHashSet<>(fields.keySet());
    extraNames.removeAll(allowed);
    Set<String> unknownRequired = new LinkedHashSet<>(required);
    unknownRequired.removeAll(allowed);
    if (!missing.isEmpty() || !extraNames.isEmpty() || !unknownRequired.isEmpty()) {
      throw new IllegalStateException(
          "shape of "
              + allowed
              + " does not match its reader: no shape for "
              + missing
              + ", not allowed by the reader "
              + extraNames
              + ", required but not allowed "
              + unknownRequired);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    fields.forEach(
        (name, shape) -> {
          properties.put(name, shape.schema());
          String snake = snakeCase(name);
          if (snakeCase && !snake.equals(name)) {
            properties.put(snake, shape.schema());
          }
        });
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", new ArrayList<>(required));
    }
    schema.put("additionalProperties", false);
    schema.putAll(extra);
    return new Shape(schema);
  }

  /** {@code expectLimited} as {@code expect_limited}. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
