package dev.celador.engine.internal.admission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver's check that {@code Object...{}} values are named after the field path they sit on
 * ({@code Object{spec: Object.spec{selector: Object.spec.selector{}}}}), which stands in for type
 * checking them against the schema: {@code Object.spec{selector: Object.spec.wrong{}}} is a "type
 * mismatch". Lists and maps pass the path on to their items unchanged.
 */
final class ObjectTypeNames {

  /** The mismatches found, one line each. */
  static final class Mismatch extends Exception {
    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The fields of a {@code JSONPatch} or {@code Object...} value, with its type's name: the CEL
   * runtime hands struct results back as their field maps, and the check needs the names.
   */
  static final class Fields extends LinkedHashMap<String, Object> {
    private final String typeName;

    Fields(String typeName, Map<String, Object> fields) {
      super(fields);
      this.typeName = typeName;
    }
  }

  private ObjectTypeNames() {}

  /** Checks {@code value} when it is an {@code Object...} value; anything else passes. */
  static void check(Object value) throws Mismatch {
    String root = typeName(value);
    if (root == null || !isObject(root)) {
      return;
    }
    List<String> errors = new ArrayList<>();
    walk(value, root, errors);
    if (!errors.isEmpty()) {
      throw new Mismatch(String.join("\n", errors));
    }
  }

  private static void walk(Object value, String path, List<String> errors) {
    String name = typeName(value);
    if (name != null && isObject(name)) {
      if (!name.equals(path)) {
        errors.add(
            "unexpected type name \""
                + name
                + "\", expected \""
                + path
                + "\", which matches field name path from root Object type");
      }
      fields(value).forEach((field, v) -> walk(v, path + "." + field, errors));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> walk(item, path, errors));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> walk(v, path, errors));
    }
  }

  /** The type name of a struct value, or of the field map the runtime made of one; else null. */
  private static String typeName(Object value) {
    if (value instanceof MapStruct struct) {
      return struct.celType().name();
    }
    return value instanceof Fields fields ? fields.typeName : null;
  }

  private static Map<?, ?> fields(Object value) {
    return value instanceof MapStruct struct ? struct.value() : (Map<?, ?>) value;
  }

  private static boolean isObject(String name) {
    return name.equals("Object") || name.startsWith("Object.");
  }
}
