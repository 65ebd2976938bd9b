package dev.celador.engine.ssa;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a built-in kind's schema: a struct with fields, a map, a list (atomic, set, or map
 * with keys), a scalar, or untyped (anything goes, merged as a whole).
 */
public record SchemaNode(Map<String, Object> node, KubeSchemas schemas) {

  /** What the node is. */
  public enum Kind {
    STRUCT,
    MAP,
    LIST,
    SCALAR,
    UNTYPED
  }

  public Kind kind() {
    return switch (String.valueOf(node.get("t"))) {
      case "struct" -> Kind.STRUCT;
      case "map" -> Kind.MAP;
      case "list" -> Kind.LIST;
      case "scalar" -> Kind.SCALAR;
      default -> Kind.UNTYPED;
    };
  }

  /** A struct's field, empty when the schema does not declare it. */
  @SuppressWarnings("unchecked")
  public Optional<SchemaNode> field(String name) {
    Object fields = node.get("f");
    Object field = fields instanceof Map<?, ?> m ? m.get(name) : null;
    return field == null
        ? Optional.empty()
        : Optional.of(schemas.node((Map<String, Object>) field));
  }

  /** The values of a map or the items of a list. */
  @SuppressWarnings("unchecked")
  public SchemaNode element() {
    Object v = node.get("v");
    return schemas.node(v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of("t", "untyped"));
  }

  /** {@code atomic} (the default), {@code set} or {@code map}, for a list. */
  String listType() {
    return String.valueOf(node.getOrDefault("lt", "atomic"));
  }

  /** The keys of a list of type map. */
  @SuppressWarnings("unchecked")
  List<String> keys() {
    Object k = node.get("k");
    return k instanceof List<?> list ? (List<String>) list : List.of();
  }

  /**
   * A scalar's kind as structured-merge-diff checks it: {@code numeric}, {@code string}, {@code
   * boolean}; empty when any scalar goes.
   */
  public String scalarType() {
    return String.valueOf(node.getOrDefault("s", ""));
  }

  /** The default of a struct's scalar field (a map list item's absent key takes it), or null. */
  Object fieldDefault(String name) {
    return node.get("f") instanceof Map<?, ?> fields && fields.get(name) instanceof Map<?, ?> field
        ? field.get("d")
        : null;
  }

  /** Whether the node is replaced as a whole: an atomic list, map or struct. */
  boolean atomic() {
    return switch (kind()) {
      case LIST -> listType().equals("atomic");
      case MAP, STRUCT -> Boolean.TRUE.equals(node.get("atomic"));
      default -> false;
    };
  }
}
