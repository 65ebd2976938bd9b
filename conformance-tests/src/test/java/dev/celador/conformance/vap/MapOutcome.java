package dev.celador.conformance.vap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client sees of one mutating admission: the object as it would be stored, or a denial's
 * HTTP code and message. Objects are compared normalised: without the fields the API server sets
 * after admission (uid, creationTimestamp, resourceVersion, generation, managedFields), and without
 * empty maps, lists and nulls, which the API server's typed objects never carry ({@code
 * omitempty}).
 *
 * @param object the normalised object as canonical JSON (sorted keys); "" for a denial
 */
record MapOutcome(boolean allowed, int code, String message, String object) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> SERVER_FIELDS =
      List.of("uid", "creationTimestamp", "resourceVersion", "generation", "managedFields");
  private static final String PREFIX = "policy '";

  static final MapOutcome REJECTED = new MapOutcome(false, -1, "policy rejected when written", "");

  static MapOutcome stored(Object object) {
    return new MapOutcome(true, 0, "", JSON.writeValueAsString(normalise(object, true)));
  }

  static MapOutcome denied(int code, String message) {
    int start = message.indexOf(PREFIX);
    return new MapOutcome(false, code, start < 0 ? message : message.substring(start), "");
  }

  /** A sorted, trimmed copy; null when nothing is left of {@code value}. */
  private static Object normalise(Object value, boolean root) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach(
          (k, v) -> {
            Object n = normalise(v, false);
            if (n != null) {
              out.put(String.valueOf(k), n);
            }
          });
      if (root && out.get("metadata") instanceof Map<?, ?> metadata) {
        SERVER_FIELDS.forEach(metadata::remove);
      }
      return out.isEmpty() && !root ? null : out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(normalise(item, false)));
      return out.isEmpty() ? null : out;
    }
    return value;
  }

  @Override
  public String toString() {
    return allowed ? "stored " + object : "denied " + code + " \"" + message + "\"";
  }
}
