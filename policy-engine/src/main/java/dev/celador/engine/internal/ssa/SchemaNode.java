package dev.celador.engine.internal.ssa;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a kind's schema: a struct with fields, a map, a list (atomic, set, or map with keys),
 * a scalar (string, numeric, boolean, or any), or untyped (anything goes; maps merge key by key,
 * lists as a whole: structured-merge-diff's "deduced" type). A struct may be open (a custom
 * resource's {@code x-kubernetes-preserve-unknown-fields}): fields it does not declare are untyped.
 */
public record SchemaNode(Map<String, Object> node, KubeSchemas schemas) {

  private static final Map<String, Object> UNTYPED = Map.of("t", "untyped");

  /** What the node is. */
  public enum Kind {
    STRUCT,
    MAP,
    LIST,
    SCALAR,
    UNTYPED
  }

  /** The type of a scalar's values, as structured-merge-diff checks them. */
  public enum Scalar {
    STRING("string"),
    NUMERIC("numeric (int or float)"),
    BOOLEAN("boolean"),
    ANY("any scalar");

    private final String words;

    Scalar(String words) {
      this.words = words;
    }

    /** What a mismatch says: {@code expected numeric (int or float), got <what>}. */
    public String expected(String what) {
      return "expected " + words + ", got " + what;
    }
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

  /** A scalar's value type; {@code ANY} for int-or-string, quantities and other formats. */
  public Scalar scalar() {
    return switch (String.valueOf(node.get("s"))) {
      case "string" -> Scalar.STRING;
      case "numeric" -> Scalar.NUMERIC;
      case "boolean" -> Scalar.BOOLEAN;
      default -> Scalar.ANY;
    };
  }

  /** Whether a struct keeps fields it does not declare (as untyped values). */
  public boolean open() {
    return Boolean.TRUE.equals(node.get("open"));
  }

  /** A struct's field: the declared one, an untyped one when the struct is open, else empty. */
  public Optional<SchemaNode> field(String name) {
    Optional<SchemaNode> declared = declaredField(name);
    return declared.isEmpty() && open() ? Optional.of(schemas.node(UNTYPED)) : declared;
  }

  /** A struct's field as the schema declares it, empty for any other name. */
  @SuppressWarnings("unchecked")
  public Optional<SchemaNode> declaredField(String name) {
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
    return schemas.node(v instanceof Map<?, ?> ? (Map<String, Object>) v : UNTYPED);
  }

  /** {@code atomic} (the default), {@code set} or {@code map}, for a list. */
  public String listType() {
    return String.valueOf(node.getOrDefault("lt", "atomic"));
  }

  /** The keys of a list of type map. */
  @SuppressWarnings("unchecked")
  public List<String> keys() {
    Object k = node.get("k");
    return k instanceof List<?> list ? (List<String>) list : List.of();
  }

  /** The default of a struct's scalar field (a map list item's absent key takes it), or null. */
  Object fieldDefault(String name) {
    return node.get("f") instanceof Map<?, ?> fields && fields.get(name) instanceof Map<?, ?> field
        ? field.get("d")
        : null;
  }

  /** Whether the node is replaced as a whole: an atomic list, map or struct. */
  public boolean atomic() {
    return switch (kind()) {
      case LIST -> listType().equals("atomic");
      case MAP, STRUCT -> Boolean.TRUE.equals(node.get("atomic"));
      default -> false;
    };
  }
}
