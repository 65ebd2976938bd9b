package dev.celador.verify.request;

import dev.celador.verify.request.InputNode.Kind;
import dev.celador.verify.request.InputNode.Member;
import dev.celador.verify.request.InputNode.Position;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Typed, position-aware access to the fields of one object in a request file. Field names are
 * looked up in lowerCamel; the snake_case spelling is accepted too, as proto3 JSON parsers accept
 * both. Map keys (headers, context extensions) are never renamed.
 */
public final class FieldReader {

  private final String file;
  private final String path;
  private final InputNode node;
  private final Map<String, Member> byCamelName = new LinkedHashMap<>();

  private FieldReader(String file, String path, InputNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
    for (Member member : node.members().values()) {
      Member previous = byCamelName.put(camel(member.name()), member);
      if (previous != null) {
        throw error(
            member.namePosition(),
            "field '"
                + qualified(member.name())
                + "' is given twice (as '"
                + previous.name()
                + "' and '"
                + member.name()
                + "')");
      }
    }
  }

  /** A reader for {@code node}, which must be an object; {@code path} names it in errors. */
  public static FieldReader of(String file, String path, InputNode node) {
    if (!node.isObject()) {
      throw RequestFileException.at(
          file,
          node.position(),
          (path.isEmpty() ? "the request" : "'" + path + "'")
              + " must be an object, found "
              + node.kind().description());
    }
    return new FieldReader(file, path, node);
  }

  /** The file this object was read from, as errors name it. */
  public String file() {
    return file;
  }

  public String path() {
    return path;
  }

  public InputNode node() {
    return node;
  }

  public boolean has(String name) {
    return field(name).isPresent();
  }

  /** The value of field {@code name}; absent when missing or null. */
  public Optional<InputNode> field(String name) {
    Member member = byCamelName.get(name);
    if (member == null || member.value().kind() == Kind.NULL) {
      return Optional.empty();
    }
    return Optional.of(member.value());
  }

  /** The nested object {@code name}, if present. */
  public Optional<FieldReader> object(String name) {
    return field(name).map(value -> of(file, qualified(name), value));
  }

  /** A scalar field as text; "" when absent. Numbers and booleans keep their written form. */
  public String string(String name) {
    return field(name).map(value -> scalarText(qualified(name), value)).orElse("");
  }

  /** A whole number field (a JSON number or a string of digits, as proto3 JSON allows). */
  public long integer(String name, long defaultValue) {
    Optional<InputNode> value = field(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    String text = scalarText(qualified(name), value.get());
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw error(
          value.get().position(),
          "'" + qualified(name) + "' must be a whole number, found '" + text + "'");
    }
  }

  /** A boolean field (true/false, or the strings "true"/"false"); empty when absent. */
  public Optional<Boolean> bool(String name) {
    Optional<InputNode> value = field(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().kind() == Kind.BOOLEAN) {
      return Optional.of((Boolean) value.get().value());
    }
    String text = scalarText(qualified(name), value.get()).toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Optional.of(Boolean.parseBoolean(text));
    }
    throw error(
        value.get().position(), "'" + qualified(name) + "' must be true or false, found " + text);
  }

  /** An RFC 3339 timestamp such as {@code 2025-01-31T12:00:00Z}; null when absent. */
  public Instant timestamp(String name) {
    Optional<InputNode> value = field(name);
    if (value.isEmpty()) {
      return null;
    }
    String text = scalarText(qualified(name), value.get()).trim();
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw error(
          value.get().position(),
          "'"
              + qualified(name)
              + "' must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z, found '"
              + text
              + "'");
    }
  }

  /**
   * An object of scalars as a string map, keys verbatim and in file order. A list value is joined
   * with "," as repeated HTTP headers are.
   */
  public Map<String, String> stringMap(String name) {
    Optional<FieldReader> object = object(name);
    Map<String, String> result = new LinkedHashMap<>();
    if (object.isEmpty()) {
      return result;
    }
    for (Member member : object.get().node.members().values()) {
      String key = qualified(name) + "." + member.name();
      InputNode value = member.value();
      if (value.kind() == Kind.ARRAY) {
        StringBuilder joined = new StringBuilder();
        for (InputNode item : value.items()) {
          joined.append(joined.length() == 0 ? "" : ",").append(scalarText(key, item));
        }
        result.put(member.name(), joined.toString());
      } else {
        result.put(member.name(), value.kind() == Kind.NULL ? "" : scalarText(key, value));
      }
    }
    return result;
  }

  /** Fails on the first field (in file order) whose name is not one of {@code known}. */
  public void rejectUnknown(Collection<String> known) {
    for (Member member : node.members().values()) {
      if (!known.contains(camel(member.name()))) {
        throw error(
            member.namePosition(),
            "unknown field '"
                + qualified(member.name())
                + "' (expected one of: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      }
    }
  }

  public RequestFileException error(Position position, String message) {
    return RequestFileException.at(file, position, message);
  }

  /** The dotted path of field {@code name} of this object, for messages. */
  public String qualified(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private String scalarText(String displayName, InputNode value) {
    if (!value.isScalar()) {
      throw error(
          value.position(),
          "'" + displayName + "' must be a single value, found " + value.kind().description());
    }
    return value.text();
  }

  /** {@code port_value} to {@code portValue}; lowerCamel names are returned unchanged. */
  static String camel(String name) {
    if (name.indexOf('_') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
