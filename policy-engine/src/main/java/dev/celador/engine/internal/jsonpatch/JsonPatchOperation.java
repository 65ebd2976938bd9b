package dev.celador.engine.internal.jsonpatch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 6902 operation. {@code value} is parsed JSON (maps, lists, strings, numbers, booleans,
 * null); {@code hasValue} tells an absent value from JSON null.
 *
 * @param from the source pointer of {@code move} and {@code copy}; "" when absent
 */
public record JsonPatchOperation(
    String op, String path, String from, Object value, boolean hasValue) {

  /** The operation as a JSON object ({@code op}, {@code path}, then {@code from} and value). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("op", op);
    json.put("path", path);
    if (!from.isEmpty()) {
      json.put("from", from);
    }
    if (hasValue) {
      json.put("value", value);
    }
    return json;
  }
}
