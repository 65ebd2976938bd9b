package dev.celador.verify.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a JSON or YAML request file with the position it was read at, so that errors can
 * name a line and column whichever syntax the file used.
 *
 * @param kind what sort of value this is
 * @param value {@code Map<String, Member>} for objects (in file order), {@code List<InputNode>} for
 *     arrays, {@code String}, {@code Long}, {@code BigInteger}, {@code Double} or {@code Boolean}
 *     for scalars, null for null
 * @param text the scalar as written in the file (for strings, the string itself); "" otherwise
 */
public record InputNode(Kind kind, Object value, String text, Position position) {

  /** The JSON data model; YAML values are resolved into the same kinds. */
  public enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    BOOLEAN,
    NULL;

    /** How error messages name this kind. */
    public String description() {
      return switch (this) {
        case OBJECT -> "an object";
        case ARRAY -> "a list";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
      };
    }
  }

  /** A 1-based line and column. */
  public record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** An object's field: its name, where the name was written, and its value. */
  public record Member(String name, Position namePosition, InputNode value) {}

  public static InputNode object(Map<String, Member> members, Position position) {
    return new InputNode(
        Kind.OBJECT, Collections.unmodifiableMap(new LinkedHashMap<>(members)), "", position);
  }

  public static InputNode array(List<InputNode> items, Position position) {
    return new InputNode(Kind.ARRAY, List.copyOf(items), "", position);
  }

  public static InputNode scalar(Kind kind, Object value, String text, Position position) {
    return new InputNode(kind, value, text, position);
  }

  public boolean isObject() {
    return kind == Kind.OBJECT;
  }

  public boolean isScalar() {
    return kind != Kind.OBJECT && kind != Kind.ARRAY;
  }

  /** The members of an object node; fails for other kinds. */
  @SuppressWarnings("unchecked")
  public Map<String, Member> members() {
    if (kind != Kind.OBJECT) {
      throw new IllegalStateException("not an object: " + kind);
    }
    return (Map<String, Member>) value;
  }

  /** The items of an array node; fails for other kinds. */
  @SuppressWarnings("unchecked")
  public List<InputNode> items() {
    if (kind != Kind.ARRAY) {
      throw new IllegalStateException("not an array: " + kind);
    }
    return (List<InputNode>) value;
  }

  /**
   * This value as plain Java data: {@code Map<String, Object>} (insertion ordered), {@code
   * List<Object>}, String, Long, Double, Boolean or null. This is what CEL sees as {@code object}
   * and {@code metadata}.
   */
  public Object toPlain() {
    return plain(false);
  }

  /**
   * As {@link #toPlain}, with every number a Double: JSON as a protobuf {@code Struct} holds it,
   * and so as {@code celador serve} sees a CheckRequest's metadata and raw form after decoding it
   * from the wire.
   */
  public Object toStructPlain() {
    return plain(true);
  }

  private Object plain(boolean doubles) {
    return switch (kind) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        members().forEach((name, member) -> map.put(name, member.value().plain(doubles)));
        yield Collections.unmodifiableMap(map);
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        items().forEach(item -> list.add(item.plain(doubles)));
        yield Collections.unmodifiableList(list);
      }
      // CEL's int is 64 bits: larger JSON integers become doubles, as in JavaScript.
      default ->
          value instanceof Number number && (doubles || number instanceof java.math.BigInteger)
              ? (Object) number.doubleValue()
              : value;
    };
  }
}
