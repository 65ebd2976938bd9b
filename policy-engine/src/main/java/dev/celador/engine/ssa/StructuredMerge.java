package dev.celador.engine.ssa;

import dev.celador.engine.json.JsonText;
import dev.celador.engine.jsonpatch.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges an apply configuration into an object with server-side-apply semantics for the object's
 * schema, as kube-apiserver merges a mutating policy's {@code ApplyConfiguration}: structs, maps
 * and untyped maps key by key, {@code set} lists by union (the object's items first), {@code map}
 * lists item by item on their keys, scalars and untyped lists replaced. Like the API server it
 * refuses a configuration that names a field the schema does not declare, gives a field a value of
 * the wrong type, or touches an atomic list, map or struct (which would replace values the
 * configuration does not mention), with its wording.
 */
public final class StructuredMerge {

  private StructuredMerge() {}

  /** Why a configuration cannot be applied. */
  public static final class ApplyException extends Exception {
    ApplyException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * {@code live} with {@code configuration} merged in; neither is changed.
   *
   * @throws ApplyException an undeclared field or an atomic one in {@code configuration}
   */
  public static Object apply(Object live, Map<String, Object> configuration, SchemaNode schema)
      throws ApplyException {
    String invalid = invalid(configuration, schema, "");
    if (invalid != null) {
      throw new ApplyException("failed to convert patch object to typed object: " + invalid);
    }
    List<String> atomic = new ArrayList<>();
    atomicPaths(configuration, schema, "", atomic);
    if (!atomic.isEmpty()) {
      throw new ApplyException(
          "invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: "
              + String.join(", ", atomic));
    }
    return merge(JsonTree.copy(live), configuration, schema);
  }

  /**
   * The first problem of {@code value} against its schema, as structured-merge-diff words it when
   * it converts a configuration ({@code .spec.x: field not declared in schema}, {@code
   * .spec.replicas: expected numeric (int or float), got string}), or null.
   */
  private static String invalid(Object value, SchemaNode schema, String path) {
    if (value == null) {
      return null;
    }
    switch (schema.kind()) {
      case SCALAR:
        String scalar = ValueTypes.scalarProblem(value, schema.scalar());
        return scalar == null ? null : path + ": " + scalar;
      case STRUCT:
      case MAP:
        if (!(value instanceof Map<?, ?> map)) {
          return path + ": expected map, got " + ValueTypes.describe(value);
        }
        for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
          String at = path + "." + e.getKey();
          var field =
              schema.kind() == SchemaNode.Kind.MAP
                  ? java.util.Optional.of(schema.element())
                  : schema.field(e.getKey());
          if (field.isEmpty()) {
            return at + ": field not declared in schema";
          }
          String inner = invalid(e.getValue(), field.get(), at);
          if (inner != null) {
            return inner;
          }
        }
        return null;
      case LIST:
        if (!(value instanceof List<?> list)) {
          return path + ": expected list, got " + ValueTypes.describe(value);
        }
        for (int i = 0; i < list.size(); i++) {
          String inner =
              invalid(list.get(i), schema.element(), path + item(list.get(i), i, schema));
          if (inner != null) {
            return inner;
          }
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * How the API server names a list item when it converts a configuration: by its keys in a map
   * list ({@code [name="web"]}), else by its index.
   */
  private static String item(Object item, int index, SchemaNode schema) {
    if (!schema.listType().equals("map") || !(item instanceof Map<?, ?> map)) {
      return "[" + index + "]";
    }
    List<String> keys = new ArrayList<>();
    for (String key : schema.keys()) {
      keys.add(key + "=" + JsonText.write(JsonText.Style.GO, map.get(key)));
    }
    return "[" + String.join(",", keys) + "]";
  }

  /** Every atomic list, map or struct {@code value} sets, depth first, fields by name. */
  private static void atomicPaths(Object value, SchemaNode schema, String path, List<String> out) {
    if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
      return;
    }
    // An untyped ("deduced") list is atomic too; an untyped map is not, nor is what it holds.
    if (schema.atomic() || (schema.kind() == SchemaNode.Kind.UNTYPED && value instanceof List<?>)) {
      out.add(path);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
        SchemaNode child =
            schema.kind() == SchemaNode.Kind.STRUCT
                ? schema.declaredField(e.getKey()).orElse(null)
                : schema.element();
        if (child != null && schema.kind() != SchemaNode.Kind.UNTYPED) {
          atomicPaths(e.getValue(), child, path + "." + e.getKey(), out);
        }
      }
    } else if (schema.kind() == SchemaNode.Kind.LIST) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        atomicPaths(list.get(i), schema.element(), path + "[" + i + "]", out);
      }
    }
  }

  private static Object merge(Object live, Object patch, SchemaNode schema) {
    if (live instanceof Map<?, ?> liveMap
        && patch instanceof Map<?, ?> patchMap
        && schema.kind() != SchemaNode.Kind.LIST
        && schema.kind() != SchemaNode.Kind.SCALAR
        && !schema.atomic()) {
      Map<String, Object> out = new LinkedHashMap<>();
      liveMap.forEach((k, v) -> out.put(String.valueOf(k), v));
      patchMap.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            SchemaNode child =
                schema.kind() == SchemaNode.Kind.STRUCT
                    ? schema.field(key).orElseThrow()
                    : schema.element();
            out.put(key, merge(out.get(key), v, child));
          });
      return out;
    }
    if (live instanceof List<?> liveList
        && patch instanceof List<?> patchList
        && schema.kind() == SchemaNode.Kind.LIST
        && !schema.atomic()) {
      return mergeList(liveList, patchList, schema);
    }
    return JsonTree.copy(patch);
  }

  /**
   * A set or map list merged as structured-merge-diff merges them: items in both follow the
   * configuration's order (merged, for a map list), items only in the object keep their place
   * before the next shared one, new items come where the configuration has them.
   */
  private static List<Object> mergeList(List<?> live, List<?> patch, SchemaNode schema) {
    List<Object> out = new ArrayList<>();
    int l = 0;
    int r = 0;
    while (l < live.size() && r < patch.size()) {
      Object a = live.get(l);
      Object b = patch.get(r);
      if (same(a, b, schema)) {
        out.add(combine(a, b, schema));
        l++;
        r++;
      } else if (indexOf(patch, a, schema) < 0) {
        out.add(a);
        l++;
      } else if (indexOf(live, b, schema) < 0) {
        out.add(JsonTree.copy(b));
        r++;
      } else {
        l++; // a comes later in the configuration, and is merged there
      }
    }
    for (; l < live.size(); l++) {
      if (indexOf(patch, live.get(l), schema) < 0) {
        out.add(live.get(l));
      }
    }
    for (; r < patch.size(); r++) {
      int at = indexOf(live, patch.get(r), schema);
      out.add(at < 0 ? JsonTree.copy(patch.get(r)) : combine(live.get(at), patch.get(r), schema));
    }
    return out;
  }

  private static Object combine(Object live, Object patch, SchemaNode schema) {
    return schema.listType().equals("map")
        ? merge(live, patch, schema.element())
        : JsonTree.copy(patch);
  }

  /** Whether two items are the same item: equal keys in a map list, equal values in a set. */
  private static boolean same(Object a, Object b, SchemaNode schema) {
    if (!schema.listType().equals("map")) {
      return JsonTree.equal(a, b);
    }
    return a instanceof Map<?, ?> x
        && b instanceof Map<?, ?> y
        && schema.keys().stream().allMatch(k -> JsonTree.equal(x.get(k), y.get(k)));
  }

  private static int indexOf(List<?> items, Object item, SchemaNode schema) {
    for (int i = 0; i < items.size(); i++) {
      if (same(items.get(i), item, schema)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
