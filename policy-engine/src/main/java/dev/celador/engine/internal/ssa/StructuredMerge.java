package dev.celador.engine.internal.ssa;

import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.jsonpatch.JsonTree;
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
    check(configuration, schema);
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
   * Checks that {@code configuration} converts to the schema's typed form, as the API server
   * converts it before merging: every field declared, maps, lists and scalars where the schema has
   * them. Values may still hold CEL bytes ({@code byte[]}), which no typed field accepts.
   *
   * @throws ApplyException naming each mismatch in structured-merge-diff's words
   */
  public static void check(Map<String, Object> configuration, SchemaNode schema)
      throws ApplyException {
    List<String> errors = new ArrayList<>();
    convert(configuration, schema, "", errors);
    if (!errors.isEmpty()) {
      throw new ApplyException(
          "failed to convert patch object to typed object: "
              + (errors.size() == 1 ? errors.get(0) : "errors:\n  " + String.join("\n  ", errors)));
    }
  }

  /** The conversion errors of {@code value} at {@code path}, depth first, fields by name. */
  private static void convert(Object value, SchemaNode schema, String path, List<String> errors) {
    switch (schema.kind()) {
      case STRUCT, MAP -> {
        if (!(value instanceof Map<?, ?> map)) {
          errors.add(path + ": expected map, got " + GoFormat.plain(value));
          return;
        }
        for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
          String at = path + "." + e.getKey();
          if (schema.kind() == SchemaNode.Kind.MAP) {
            convert(e.getValue(), schema.element(), at, errors);
          } else if (schema.field(e.getKey()).isEmpty()) {
            errors.add(at + ": field not declared in schema");
          } else {
            convert(e.getValue(), schema.field(e.getKey()).get(), at, errors);
          }
        }
      }
      case LIST -> {
        if (!(value instanceof List<?> list)) {
          errors.add(path + ": expected list, got " + GoFormat.plain(value));
          return;
        }
        for (int i = 0; i < list.size(); i++) {
          convert(list.get(i), schema.element(), path + item(list.get(i), i, schema), errors);
        }
      }
      case SCALAR -> {
        String error = scalarError(value, schema.scalar());
        if (error != null) {
          errors.add(path + ": " + error);
        }
      }
      default -> {}
    }
  }

  /** Why {@code value} does not fit {@code type}, printed as structured-merge-diff prints it. */
  private static String scalarError(Object value, SchemaNode.Scalar type) {
    boolean number = value instanceof Number;
    boolean text = value instanceof String;
    boolean bool = value instanceof Boolean;
    return switch (type) {
      case NUMERIC -> number ? null : type.expected(GoFormat.type(value));
      case STRING -> text ? null : type.expected(GoFormat.sharp(value));
      case BOOLEAN -> bool ? null : type.expected(GoFormat.plain(value));
      case ANY -> number || text || bool ? null : type.expected(GoFormat.plain(value));
    };
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
    SchemaNode item = schema.element();
    return a instanceof Map<?, ?> x
        && b instanceof Map<?, ?> y
        && schema.keys().stream().allMatch(k -> JsonTree.equal(key(x, k, item), key(y, k, item)));
  }

  /** An item's key field; an absent one has the field's default, as structured-merge-diff sees. */
  private static Object key(Map<?, ?> item, String key, SchemaNode schema) {
    Object value = item.get(key);
    return value != null ? value : schema.fieldDefault(key);
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
