package dev.celador.engine.admission;

import java.util.ArrayList;
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

  private ObjectTypeNames() {}

  /** Checks {@code value} when it is an {@code Object...} value; anything else passes. */
  static void check(Object value) throws Mismatch {
    if (!(value instanceof MapStruct root) || !isObject(root)) {
      return;
    }
    List<String> errors = new ArrayList<>();
    walk(root, root.celType().name(), errors);
    if (!errors.isEmpty()) {
      throw new Mismatch(String.join("\n", errors));
    }
  }

  private static void walk(Object value, String path, List<String> errors) {
    if (value instanceof MapStruct struct && isObject(struct)) {
      String name = struct.celType().name();
      if (!name.equals(path)) {
        errors.add(
            "unexpected type name \""
                + name
                + "\", expected \""
                + path
                + "\", which matches field name path from root Object type");
      }
      struct.value().forEach((field, v) -> walk(v, path + "." + field, errors));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> walk(item, path, errors));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> walk(v, path, errors));
    }
  }

  private static boolean isObject(MapStruct struct) {
    String name = struct.celType().name();
    return name.equals("Object") || name.startsWith("Object.");
  }
}
