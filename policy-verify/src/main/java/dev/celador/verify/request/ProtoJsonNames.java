package dev.celador.verify.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CheckRequest written with proto field names ({@code socket_address}) renamed to the names
 * proto3 JSON prints ({@code socketAddress}), as {@code celador serve} sees the request after
 * decoding it: both spellings are valid input, and a policy reading {@code object} must see the
 * same names in a test as in production. Keys of map fields ({@code headers}, {@code
 * contextExtensions}, {@code labels}) and everything inside filter metadata (a protobuf Struct or
 * Any) are data, not field names, and stay as written.
 */
final class ProtoJsonNames {

  /**
   * The map fields of Envoy's AttributeContext and the Metadata it carries, by JSON name: their
   * keys are data. (The set is Envoy's, small and stable; CheckRequestParityTest checks it.)
   */
  private static final Set<String> MAP_FIELDS =
      Set.of("headers", "contextExtensions", "labels", "filterMetadata", "typedFilterMetadata");

  private ProtoJsonNames() {}

  /**
   * {@code message} (a JSON object read from a file) as plain data with its field names canonical
   * and, as in a protobuf Struct, every number a double ({@link InputNode#toStructPlain}).
   */
  static Map<String, Object> canonical(InputNode message) {
    Map<String, Object> out = new LinkedHashMap<>();
    message
        .members()
        .forEach(
            (name, member) -> {
              String json = jsonName(name);
              InputNode value = member.value();
              // A map field is a JSON object; HeaderMap's `headers` is a list of messages.
              boolean data = MAP_FIELDS.contains(json) && value.isObject();
              out.put(json, data ? value.toStructPlain() : field(value));
            });
    return Collections.unmodifiableMap(out);
  }

  private static Object field(InputNode value) {
    return switch (value.kind()) {
      case OBJECT -> canonical(value);
      case ARRAY -> {
        List<Object> out = new ArrayList<>(value.items().size());
        value.items().forEach(item -> out.add(field(item)));
        yield Collections.unmodifiableList(out);
      }
      default -> value.toStructPlain();
    };
  }

  /** protoc's JSON name: underscores dropped, each letter after one upper-cased. */
  static String jsonName(String name) {
    if (name.indexOf('_') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
