package dev.celador.engine.internal.jsonpatch;

import java.util.List;
import java.util.Map;

/**
 * Applies RFC 6902 operations to parsed JSON the way kube-apiserver does for a mutating policy's
 * {@code JSONPatch} mutations: negative array indexes count from the end, {@code -} appends, a
 * pointer's parents must exist (no implicit creation), {@code test} of an absent key with a null
 * value passes, and every failure is worded as the API server words it. The input is never changed;
 * each call works on a copy.
 */
public final class JsonPatch {

  static final String MISSING = "missing value";
  static final String INVALID_INDEX = "invalid index referenced";
  static final String TEST_FAILED = "test failed";

  private JsonPatch() {}

  /**
   * {@code document} with {@code operations} applied in order.
   *
   * @throws JsonPatchException the first operation that does not apply (nothing is applied then)
   */
  public static Object apply(Object document, List<JsonPatchOperation> operations)
      throws JsonPatchException {
    Holder root = new Holder(JsonTree.copy(document));
    for (JsonPatchOperation op : operations) {
      switch (op.op()) {
        case "add" -> add(root, op);
        case "remove" -> remove(root, op);
        case "replace" -> replace(root, op);
        case "move" -> move(root, op);
        case "copy" -> copy(root, op);
        case "test" -> test(root, op);
        default -> throw error("Unexpected kind: " + op.op());
      }
    }
    return root.value;
  }

  /** The document's root, so that a pointer's container is always a map or a list. */
  private static final class Holder {
    Object value;

    Holder(Object value) {
      this.value = value;
    }
  }

  private static void add(Holder root, JsonPatchOperation op) throws JsonPatchException {
    Location at = find(root, op.path());
    if (at == null) {
      throw error(
          "add operation does not apply: doc is missing path: \"" + op.path() + "\": " + MISSING);
    }
    insert(at, op.value(), "error in add for path: '" + op.path() + "'");
  }

  private static void remove(Holder root, JsonPatchOperation op) throws JsonPatchException {
    Location at = find(root, op.path());
    if (at == null) {
      throw error(
          "remove operation does not apply: doc is missing path: \""
              + op.path()
              + "\": "
              + MISSING);
    }
    delete(at, "error in remove for path: '" + op.path() + "'");
  }

  private static void replace(Holder root, JsonPatchOperation op) throws JsonPatchException {
    Location at = find(root, op.path());
    if (at == null) {
      throw error(
          "replace operation does not apply: doc is missing path: " + op.path() + ": " + MISSING);
    }
    try {
      get(at);
    } catch (JsonPatchException e) {
      throw error(
          "replace operation does not apply: doc is missing key: " + op.path() + ": " + MISSING);
    }
    // An absent key of an object is no error: replace sets it, as the API server's library does.
    if (at.container() instanceof Map<?, ?>) {
      JsonTree.map(at.container()).put(at.key(), JsonTree.copy(op.value()));
    } else {
      List<Object> list = JsonTree.list(at.container());
      list.set(existingIndex(at.key(), list.size()), JsonTree.copy(op.value()));
    }
  }

  /**
   * The API server leaves an empty {@code from} out of the patch it builds, so its library reports
   * the field as missing.
   */
  private static void requireFrom(JsonPatchOperation op) throws JsonPatchException {
    if (op.from().isEmpty()) {
      throw error(
          op.op() + " operation failed to decode from: operation, missing from field: " + MISSING);
    }
  }

  private static void move(Holder root, JsonPatchOperation op) throws JsonPatchException {
    requireFrom(op);
    Location from = find(root, op.from());
    if (from == null) {
      throw error(
          "move operation does not apply: doc is missing from path: " + op.from() + ": " + MISSING);
    }
    Object value = get(from, "error in move for path: '" + from.key() + "'");
    delete(from, "error in move for path: '" + from.key() + "'");
    Location to = find(root, op.path());
    if (to == null) {
      throw error(
          "move operation does not apply: doc is missing destination path: "
              + op.path()
              + ": "
              + MISSING);
    }
    insert(to, value, "error in move for path: '" + op.path() + "'");
  }

  private static void copy(Holder root, JsonPatchOperation op) throws JsonPatchException {
    requireFrom(op);
    Location from = find(root, op.from());
    if (from == null) {
      throw error(
          "copy operation does not apply: doc is missing from path: " + op.from() + ": " + MISSING);
    }
    Object value = get(from, "error in copy for from: '" + op.from() + "'");
    Location to = find(root, op.path());
    if (to == null) {
      throw error(
          "copy operation does not apply: doc is missing destination path: "
              + op.path()
              + ": "
              + MISSING);
    }
    insert(to, JsonTree.copy(value), "error in copy for path: '" + op.path() + "'");
  }

  private static void test(Holder root, JsonPatchOperation op) throws JsonPatchException {
    Location at = find(root, op.path());
    if (at == null) {
      throw error("test operation does not apply: is missing path: " + op.path() + ": " + MISSING);
    }
    boolean passed;
    if (at.container() instanceof Map<?, ?> map && !map.containsKey(at.key())) {
      // An absent key equals only an absent value, never an explicit one (null included).
      passed = !op.hasValue();
    } else {
      Object actual = get(at, "error in test for path: '" + op.path() + "'");
      passed = op.hasValue() ? JsonTree.equal(actual, op.value()) : actual == null;
    }
    if (!passed) {
      throw new JsonPatchException("testing value " + op.path() + " failed: " + TEST_FAILED, true);
    }
  }

  /** Where a pointer points: its parent container and last key, or null if a parent is missing. */
  private record Location(Object container, String key) {}

  private static Location find(Holder root, String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 2) {
      return null;
    }
    Object container = root.value;
    for (int i = 1; i < parts.length - 1; i++) {
      Object next;
      try {
        next = get(new Location(container, JsonPointers.unescape(parts[i])));
      } catch (JsonPatchException e) {
        return null;
      }
      if (!(next instanceof Map<?, ?>) && !(next instanceof List<?>)) {
        return null;
      }
      container = next;
    }
    if (!(container instanceof Map<?, ?>) && !(container instanceof List<?>)) {
      return null;
    }
    return new Location(container, JsonPointers.unescape(parts[parts.length - 1]));
  }

  private static Object get(Location at, String context) throws JsonPatchException {
    try {
      return get(at);
    } catch (JsonPatchException e) {
      throw error(context + ": " + e.getMessage());
    }
  }

  /** The value at {@code at}; an absent key of an object reads as null, a bad index fails. */
  private static Object get(Location at) throws JsonPatchException {
    if (at.container() instanceof Map<?, ?> map) {
      return map.get(at.key());
    }
    List<Object> list = JsonTree.list(at.container());
    return list.get(existingIndex(at.key(), list.size()));
  }

  private static void insert(Location at, Object value, String context) throws JsonPatchException {
    if (at.container() instanceof Map<?, ?>) {
      JsonTree.map(at.container()).put(at.key(), JsonTree.copy(value));
      return;
    }
    List<Object> list = JsonTree.list(at.container());
    if (at.key().equals("-")) {
      list.add(JsonTree.copy(value));
      return;
    }
    int index;
    try {
      index = GoInts.atoi(at.key());
    } catch (NumberFormatException e) {
      throw error(
          context + ": value was not a proper array index: '" + at.key() + "': " + e.getMessage());
    }
    int size = list.size() + 1;
    if (index >= size || index < -size) {
      throw error(context + ": Unable to access invalid index: " + index + ": " + INVALID_INDEX);
    }
    list.add(index < 0 ? index + size : index, JsonTree.copy(value));
  }

  private static void delete(Location at, String context) throws JsonPatchException {
    if (at.container() instanceof Map<?, ?> map) {
      if (!map.containsKey(at.key())) {
        throw error(context + ": Unable to remove nonexistent key: " + at.key() + ": " + MISSING);
      }
      map.remove(at.key());
      return;
    }
    List<Object> list = JsonTree.list(at.container());
    try {
      list.remove(existingIndex(at.key(), list.size()));
    } catch (JsonPatchException e) {
      throw error(context + ": " + e.getMessage());
    }
  }

  /** An index of an existing element; negative ones count from the end. */
  private static int existingIndex(String key, int size) throws JsonPatchException {
    int index;
    try {
      index = GoInts.atoi(key);
    } catch (NumberFormatException e) {
      throw error(e.getMessage());
    }
    if (index >= size || index < -size) {
      throw error("Unable to access invalid index: " + index + ": " + INVALID_INDEX);
    }
    return index < 0 ? index + size : index;
  }

  private static JsonPatchException error(String message) {
    return new JsonPatchException(message, false);
  }
}
