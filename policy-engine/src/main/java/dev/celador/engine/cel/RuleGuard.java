package dev.celador.engine.cel;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One conjunct of an expression that plain Java can decide, such as {@code request.method == 'GET'}
 * or {@code request.url_path.startsWith('/api/')}. If any conjunct of an {@code &&} chain is false,
 * CEL defines the whole chain as false, even when other conjuncts would fail, so a guard that is
 * false lets the engine skip the CEL evaluation with exactly the same result. This is how rules
 * that cannot match cost nanoseconds instead of a full evaluation (OPA calls it rule indexing).
 *
 * <p>{@code variable} is the top-level variable (request, source, destination, connection or
 * context); {@code field} the struct field, or the map key for {@code context}; "headers" with
 * {@code key} for {@code request.headers[key]}.
 */
final class RuleGuard {

  /** The comparison a guard makes between the attribute and its literal(s). */
  enum Op {
    EQUALS,
    NOT_EQUALS,
    IN,
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS
  }

  private final String variable;
  private final String field;
  private final String key;
  private final Op op;
  private final Set<String> values;
  // Resolved once here, not per request: guards run for every rule of every request.
  private final String single;
  private final Function<RequestActivation, Object> attribute;

  RuleGuard(String variable, String field, String key, Op op, Set<String> values) {
    this.variable = variable;
    this.field = field;
    this.key = key;
    this.op = op;
    this.values = Set.copyOf(values);
    this.single = values.size() == 1 ? values.iterator().next() : null;
    this.attribute = accessor(variable, field, key);
  }

  /** The attribute read, e.g. {@code source.principal} or {@code request.headers[x-tenant]}. */
  String attributeName() {
    return variable + "." + field + (key == null ? "" : "[" + key + "]");
  }

  /** True when the guard holds exactly when the attribute is one of {@link #values()}. */
  boolean isMembership() {
    return op == Op.EQUALS || op == Op.IN;
  }

  Set<String> values() {
    return values;
  }

  /** The attribute's value for this request, or null when it is absent or not a string. */
  String read(RequestActivation activation) {
    return attribute.apply(activation) instanceof String s ? s : null;
  }

  @Override
  public String toString() {
    return attributeName() + " " + op + " " + values;
  }

  /**
   * The conjunct's value when plain Java can know it, else null (the attribute is absent or not a
   * string: CEL decides, and reports errors). On present strings these operations are exactly
   * CEL's, so a known value is the value CEL would compute.
   */
  Boolean decide(RequestActivation activation) {
    String actual = read(activation);
    if (actual == null) {
      return null;
    }
    return switch (op) {
      case EQUALS -> actual.equals(single);
      case NOT_EQUALS -> !actual.equals(single);
      case IN -> values.contains(actual);
      case STARTS_WITH -> actual.startsWith(single);
      case ENDS_WITH -> actual.endsWith(single);
      case CONTAINS -> actual.contains(single);
    };
  }

  /**
   * Reads the attribute: the request's own fields directly, the rest (derived and cached fields
   * such as {@code source.namespace}, {@code context}) through the activation as CEL would.
   */
  private static Function<RequestActivation, Object> accessor(
      String variable, String field, String key) {
    Function<RequestActivation, Object> direct =
        switch (variable + "." + field) {
          case "request.method" -> a -> a.request().request().method();
          case "request.path" -> a -> a.request().request().path();
          case "request.url_path" -> a -> a.request().request().urlPath();
          case "request.host" -> a -> a.request().request().host();
          case "request.headers" -> a -> a.request().request().headers();
          case "source.principal" -> a -> a.request().source().principal();
          case "source.namespace" -> a -> a.request().source().namespace();
          case "source.service_account" -> a -> a.request().source().serviceAccount();
          case "destination.principal" -> a -> a.request().destination().principal();
          case "destination.namespace" -> a -> a.request().destination().namespace();
          case "destination.service_account" -> a -> a.request().destination().serviceAccount();
          default -> null;
        };
    Function<RequestActivation, Object> read =
        direct != null ? direct : a -> throughActivation(a, variable, field);
    if (key == null) {
      return read;
    }
    return a -> read.apply(a) instanceof Map<?, ?> map ? map.get(key) : null;
  }

  private static Object throughActivation(RequestActivation a, String variable, String field) {
    Object root = a.resolve(variable);
    if (root instanceof FieldStruct<?> struct) {
      return struct.field(field);
    }
    return root instanceof Map<?, ?> map ? map.get(field) : null;
  }
}
