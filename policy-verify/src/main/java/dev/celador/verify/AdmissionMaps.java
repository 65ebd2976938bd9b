package dev.celador.verify;

import java.util.Map;

/** Reading Kubernetes objects held as plain maps (as {@code InputNode.toPlain()} gives them). */
final class AdmissionMaps {

  private AdmissionMaps() {}

  /** {@code value} as a map; empty when it is anything else. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** {@code value} as text; "" when null or not a scalar. */
  static String string(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value)
        : "";
  }

  /** {@code object.metadata.name}, "" when absent. */
  static String name(Object object) {
    return string(map(map(object).get("metadata")).get("name"));
  }
}
