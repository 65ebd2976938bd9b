package dev.celador.verify;

import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.jsonpatch.JsonTree;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where two JSON values differ, as one {@link Mismatch} per differing leaf, named by its path
 * ({@code object.spec.containers[0].imagePullPolicy}, {@code
 * object.metadata.labels["app.kubernetes.io/name"]}) with compact JSON on either side. Whole: maps
 * have exactly the expected keys. Subset: maps may hold keys the expectation leaves out, but lists
 * still have exactly the expected length, item by item, so that an added item (an injected
 * container) never passes unseen.
 */
final class JsonValueDiff {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  private final boolean subset;
  private final List<Mismatch> out;

  private JsonValueDiff(boolean subset, List<Mismatch> out) {
    this.subset = subset;
    this.out = out;
  }

  /** Adds to {@code out} where {@code actual} differs from {@code expected}, under {@code path}. */
  static void compare(
      String path, Object expected, Object actual, boolean subset, List<Mismatch> out) {
    new JsonValueDiff(subset, out).walk(path, expected, actual);
  }

  /** Compact JSON of a value; {@code (not set)} for a missing one. */
  static String shown(Object value) {
    return JsonText.write(JsonText.Style.PLAIN, value);
  }

  private void walk(String path, Object expected, Object actual) {
    if (expected instanceof Map<?, ?> want && actual instanceof Map<?, ?> got) {
      Set<Object> keys = new LinkedHashSet<>(want.keySet());
      if (!subset) {
        keys.addAll(got.keySet());
      }
      for (Object key : keys) {
        String at = path + member(key.toString());
        if (!want.containsKey(key)) {
          out.add(new Mismatch(at, AdmissionExpectation.NOT_SET, shown(got.get(key))));
        } else if (!got.containsKey(key)) {
          out.add(new Mismatch(at, shown(want.get(key)), AdmissionExpectation.NOT_SET));
        } else {
          walk(at, want.get(key), got.get(key));
        }
      }
      return;
    }
    if (expected instanceof List<?> want && actual instanceof List<?> got) {
      for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
        String at = path + "[" + i + "]";
        if (i >= want.size()) {
          out.add(new Mismatch(at, AdmissionExpectation.NOT_SET, shown(got.get(i))));
        } else if (i >= got.size()) {
          out.add(new Mismatch(at, shown(want.get(i)), AdmissionExpectation.NOT_SET));
        } else {
          walk(at, want.get(i), got.get(i));
        }
      }
      return;
    }
    if (!JsonTree.equal(expected, actual)) {
      out.add(new Mismatch(path, shown(expected), shown(actual)));
    }
  }

  private static String member(String key) {
    return PLAIN_KEY.matcher(key).matches() ? "." + key : "[" + Mismatch.quote(key) + "]";
  }
}
