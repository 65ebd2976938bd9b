package dev.celador.engine.internal.admission;

import java.util.HashMap;
import java.util.Map;

/** Reading parsed JSON objects (maps, lists, scalars) where a missing or odd member is empty. */
final class ObjectMaps {

  private ObjectMaps() {}

  /** {@code o} as a JSON object, or an empty one when it is not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The labels of {@code object} (or empty when it has none). */
  static Map<String, String> labels(Object object) {
    Map<String, Object> metadata = map(map(object).get("metadata"));
    Map<String, String> labels = new HashMap<>();
    map(metadata.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return labels;
  }
}
