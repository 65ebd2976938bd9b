package dev.celador.engine.internal.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a JSON Schema (draft-07), as a reader of Celador's YAML accepts it. Objects are built
 * with {@link ShapeObject} from the field list the reader itself enforces, so a schema cannot name
 * a field the reader refuses or miss one it accepts.
 */
public record Shape(Map<String, Object> schema) {

  /** Where the generated files say their dialect is. */
  public static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

  public Shape {
    // Insertion order is kept, so the generated files are stable and diff well.
    schema = Collections.unmodifiableMap(new LinkedHashMap<>(schema));
  }

  public static Shape string() {
    return of("type", "string");
  }

  /** Any scalar: readers that take the written text of a number or boolean as a string. */
  public static Shape scalar() {
    return of("type", List.of("string", "number", "boolean", "null"));
  }

  public static Shape bool() {
    return of("type", "boolean");
  }

  public static Shape integer() {
    return of("type", "integer");
  }

  /** An integer from {@code min} to {@code max}, both included. */
  public static Shape integer(long min, long max) {
    return integer().with("minimum", min).with("maximum", max);
  }

  /** An integer of at least {@code min}. */
  public static Shape atLeast(long min) {
    return integer().with("minimum", min);
  }

  /**
   * A CEL expression: YAML reads {@code when: true} or {@code key: 1} as a boolean or number, and
   * both are valid CEL, so readers take the text of any non-null scalar.
   */
  public static Shape expression() {
    return of("type", List.of("string", "boolean", "number"))
        .with("description", "a CEL expression");
  }

  /** A duration such as 500ms, 60s, 5m or 1h30m. */
  public static Shape duration() {
    return string().with("description", "a duration such as 500ms, 60s, 5m or 1h30m");
  }

  /** A string spelled exactly as one of {@code values}. */
  public static Shape oneOf(List<String> values) {
    return of("type", "string").with("enum", values);
  }

  public static Shape constant(Object value) {
    return of("const", value);
  }

  public static Shape listOf(Shape items) {
    return of("type", "array").with("items", items.schema());
  }

  /** A list of at least one item. */
  public static Shape nonEmptyListOf(Shape items) {
    return listOf(items).with("minItems", 1);
  }

  /** A mapping from any key to values of shape {@code values}. */
  public static Shape mapOf(Shape values) {
    return of("type", "object").with("additionalProperties", values.schema());
  }

  /** A value of any of the {@code options}. */
  public static Shape anyOf(Shape... options) {
    return of("anyOf", Arrays.stream(options).map(Shape::schema).toList());
  }

  /** Anything: a part the reader passes on whole (an object under test, claims, a raw request). */
  public static Shape anything() {
    return new Shape(Map.of());
  }

  /** A reference to a definition of the same schema file. */
  public static Shape ref(String definition) {
    return of("$ref", "#/definitions/" + definition);
  }

  /** This shape with one more keyword (later keywords win). */
  public Shape with(String keyword, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    copy.put(keyword, value instanceof Shape shape ? shape.schema() : value);
    return new Shape(copy);
  }

  private static Shape of(String keyword, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(keyword, value);
    return new Shape(map);
  }
}
