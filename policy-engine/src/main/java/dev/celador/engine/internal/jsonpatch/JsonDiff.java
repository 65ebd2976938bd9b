package dev.celador.engine.internal.jsonpatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 patch from one JSON value to another: object keys added, removed or replaced one by
 * one (recursively), anything else (lists included) replaced whole. Shows what a merge changed.
 */
public final class JsonDiff {

  private JsonDiff() {}

  public static List<JsonPatchOperation> between(Object from, Object to) {
    List<JsonPatchOperation> out = new ArrayList<>();
    diff(from, to, "", out);
    return out;
  }

  private static void diff(Object from, Object to, String path, List<JsonPatchOperation> out) {
    if (JsonTree.equal(from, to)) {
      return;
    }
    if (from instanceof Map<?, ?> a && to instanceof Map<?, ?> b) {
      for (Map.Entry<?, ?> e : a.entrySet()) {
        if (!b.containsKey(e.getKey())) {
          out.add(new JsonPatchOperation("remove", at(path, e.getKey()), "", null, false));
        }
      }
      for (Map.Entry<?, ?> e : b.entrySet()) {
        String child = at(path, e.getKey());
        if (!a.containsKey(e.getKey())) {
          out.add(new JsonPatchOperation("add", child, "", JsonTree.copy(e.getValue()), true));
        } else {
          diff(a.get(e.getKey()), e.getValue(), child, out);
        }
      }
      return;
    }
    out.add(new JsonPatchOperation("replace", path, "", JsonTree.copy(to), true));
  }

  private static String at(String path, Object key) {
    return path + "/" + JsonPointers.escape(String.valueOf(key));
  }
}
