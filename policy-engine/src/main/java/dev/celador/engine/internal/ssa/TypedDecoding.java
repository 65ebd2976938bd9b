package dev.celador.engine.internal.ssa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What decoding a JSON-patched object into its built-in Go type (strictly, as kube-apiserver does
 * after a mutating policy's JSON patch) and encoding it again makes of it: a field the type does
 * not declare fails the request; a null field is left out (a nil pointer or an empty value, which
 * the API server does not write); a null value in a map of strings, numbers or booleans becomes
 * that type's zero value ({@code ""}, 0, false).
 */
public final class TypedDecoding {

  /** A field the Go type does not declare; the API server answers 500. */
  public static final class StrictDecodingException extends Exception {
    StrictDecodingException(String message) {
      super(message, null, false, false);
    }
  }

  private TypedDecoding() {}

  /** {@code object} as its typed form keeps it; {@code object} itself is not changed. */
  public static Object decode(Object object, SchemaNode schema) throws StrictDecodingException {
    List<String> unknown = new ArrayList<>();
    Object out = walk(object, schema, "", unknown);
    if (!unknown.isEmpty()) {
      List<String> fields = unknown.stream().map(p -> "unknown field \"" + p + "\"").toList();
      throw new StrictDecodingException("strict decoding error: " + String.join(", ", fields));
    }
    return out;
  }

  private static Object walk(Object value, SchemaNode schema, String path, List<String> unknown) {
    if (value instanceof Map<?, ?> map && schema.kind() == SchemaNode.Kind.STRUCT) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            String at = path.isEmpty() ? key : path + "." + key;
            var field = schema.field(key);
            if (field.isEmpty()) {
              unknown.add(at);
            } else if (v != null) {
              out.put(key, walk(v, field.get(), at, unknown));
            }
          });
      return out;
    }
    if (value instanceof Map<?, ?> map && schema.kind() == SchemaNode.Kind.MAP) {
      Map<String, Object> out = new LinkedHashMap<>();
      SchemaNode element = schema.element();
      map.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  v == null ? zero(element) : walk(v, element, path + "." + k, unknown)));
      return out;
    }
    if (value instanceof List<?> list && schema.kind() == SchemaNode.Kind.LIST) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(walk(list.get(i), schema.element(), path + "[" + i + "]", unknown));
      }
      return out;
    }
    return value;
  }

  private static Object zero(SchemaNode schema) {
    if (schema.kind() != SchemaNode.Kind.SCALAR) {
      return null;
    }
    return switch (schema.scalar()) {
      case STRING -> "";
      case NUMERIC -> 0L;
      case BOOLEAN -> false;
      case ANY -> null;
    };
  }
}
