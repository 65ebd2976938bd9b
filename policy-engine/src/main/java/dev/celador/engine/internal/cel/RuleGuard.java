package dev.celador.engine.internal.cel;

import dev.celador.engine.api.AuthzRequest;
import java.util.Map;
import java.util.Set;

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
  private final Source source;

  RuleGuard(String variable, String field, String key, Op op, Set<String> values) {
    this.variable = variable;
    this.field = field;
    this.key = key;
    this.op = op;
    this.values = Set.copyOf(values);
    this.single = values.size() == 1 ? values.iterator().next() : null;
    this.source = Source.of(variable, field);
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
    return attribute(activation) instanceof String s ? s : null;
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
   * Where a guard's attribute is read from: the request's own fields directly (a switch the JIT
   * inlines, unlike a lambda per guard), the rest (derived fields, {@code context}) through the
   * activation as CEL would.
   */
  private enum Source {
    REQUEST_METHOD,
    REQUEST_PATH,
    REQUEST_URL_PATH,
    REQUEST_HOST,
    REQUEST_HEADERS,
    SOURCE_PRINCIPAL,
    SOURCE_NAMESPACE,
    SOURCE_SERVICE_ACCOUNT,
    DESTINATION_PRINCIPAL,
    DESTINATION_NAMESPACE,
    DESTINATION_SERVICE_ACCOUNT,
    ACTIVATION;

    static Source of(String variable, String field) {
      return switch (variable + "." + field) {
        case "request.method" -> REQUEST_METHOD;
        case "request.path" -> REQUEST_PATH;
        case "request.url_path" -> REQUEST_URL_PATH;
        case "request.host" -> REQUEST_HOST;
        case "request.headers" -> REQUEST_HEADERS;
        case "source.principal" -> SOURCE_PRINCIPAL;
        case "source.namespace" -> SOURCE_NAMESPACE;
        case "source.service_account" -> SOURCE_SERVICE_ACCOUNT;
        case "destination.principal" -> DESTINATION_PRINCIPAL;
        case "destination.namespace" -> DESTINATION_NAMESPACE;
        case "destination.service_account" -> DESTINATION_SERVICE_ACCOUNT;
        default -> ACTIVATION;
      };
    }
  }

  private Object attribute(RequestActivation a) {
    AuthzRequest r = a.request();
    Object value =
        switch (source) {
          case REQUEST_METHOD -> r.request().method();
          case REQUEST_PATH -> r.request().path();
          case REQUEST_URL_PATH -> r.request().urlPath();
          case REQUEST_HOST -> r.request().host();
          case REQUEST_HEADERS -> r.request().headers();
          case SOURCE_PRINCIPAL -> r.source().principal();
          case SOURCE_NAMESPACE -> r.source().namespace();
          case SOURCE_SERVICE_ACCOUNT -> r.source().serviceAccount();
          case DESTINATION_PRINCIPAL -> r.destination().principal();
          case DESTINATION_NAMESPACE -> r.destination().namespace();
          case DESTINATION_SERVICE_ACCOUNT -> r.destination().serviceAccount();
          case ACTIVATION -> throughActivation(a, variable, field);
        };
    if (key == null) {
      return value;
    }
    return value instanceof Map<?, ?> map ? map.get(key) : null;
  }

  private static Object throughActivation(RequestActivation a, String variable, String field) {
    Object root = a.resolve(variable);
    if (root instanceof FieldStruct<?> struct) {
      return struct.field(field);
    }
    return root instanceof Map<?, ?> map ? map.get(field) : null;
  }
}
