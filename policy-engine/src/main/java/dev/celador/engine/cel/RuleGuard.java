package dev.celador.engine.cel;

import java.util.Map;
import java.util.Set;

/**
 * One conjunct of an expression that plain Java can decide, such as {@code request.method == 'GET'}
 * or {@code request.url_path.startsWith('/api/')}. If any conjunct of an {@code &&} chain is false,
 * CEL defines the whole chain as false, even when other conjuncts would fail, so a guard that is
 * false lets the engine skip the CEL evaluation with exactly the same result. This is how rules
 * that cannot match cost nanoseconds instead of a full evaluation (OPA calls it rule indexing).
 *
 * @param variable top-level variable: request, source, destination, connection or context
 * @param field struct field, or the map key for {@code context}; "headers" with {@code key} for
 *     {@code request.headers[key]}
 */
record RuleGuard(String variable, String field, String key, Op op, Set<String> values) {

  /** The comparison a guard makes between the attribute and its literal(s). */
  enum Op {
    EQUALS,
    NOT_EQUALS,
    IN,
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS
  }

  /**
   * The conjunct's value when plain Java can know it, else null (the attribute is absent or not a
   * string: CEL decides, and reports errors). On present strings these operations are exactly
   * CEL's, so a known value is the value CEL would compute.
   */
  Boolean decide(RequestActivation activation) {
    String actual = attribute(activation);
    if (actual == null) {
      return null;
    }
    String value = values.size() == 1 ? values.iterator().next() : null;
    return switch (op) {
      case EQUALS -> actual.equals(value);
      case NOT_EQUALS -> !actual.equals(value);
      case IN -> values.contains(actual);
      case STARTS_WITH -> actual.startsWith(value);
      case ENDS_WITH -> actual.endsWith(value);
      case CONTAINS -> actual.contains(value);
    };
  }

  private String attribute(RequestActivation activation) {
    Object root = activation.resolve(variable);
    Object result;
    if (root instanceof FieldStruct<?> struct) {
      result = struct.field(field);
      if (key != null) {
        result = result instanceof Map<?, ?> map ? map.get(key) : null;
      }
    } else if (root instanceof Map<?, ?> map) {
      result = map.get(field);
    } else {
      result = null;
    }
    return result instanceof String s ? s : null;
  }
}
