package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.LabelSelector;
import dev.celador.engine.internal.model.MatchResources;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts validating and mutating admission policies share, read as the Kubernetes schema has
 * them: {@code paramKind}, {@code paramRef}, {@code matchConstraints} / {@code matchResources} with
 * their selectors and rules, and named expressions ({@code matchConditions}, {@code variables}).
 */
final class AdmissionSpecReader {

  static final List<String> SCOPES = List.of("Cluster", "Namespaced", "*");
  static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

  static final List<String> MATCH =
      List.of(
          "namespaceSelector",
          "objectSelector",
          "resourceRules",
          "excludeResourceRules",
          "matchPolicy");
  static final List<String> RULE =
      List.of("apiGroups", "apiVersions", "resources", "operations", "scope", "resourceNames");
  static final List<String> PARAM_KIND = List.of("apiVersion", "kind");
  static final List<String> PARAM_REF =
      List.of("name", "namespace", "selector", "parameterNotFoundAction");
  static final List<String> NOT_FOUND_ACTIONS = List.of("Allow", "Deny");
  static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
  static final List<String> SELECTOR = List.of("matchLabels", "matchExpressions");
  static final List<String> REQUIREMENT = List.of("key", "operator", "values");
  static final List<String> NAMED = List.of("name", "expression");

  private final ExpressionReader expressions;
  private final Reporter reporter;

  AdmissionSpecReader(ExpressionReader expressions, Reporter reporter) {
    this.expressions = expressions;
    this.reporter = reporter;
  }

  /**
   * The fields every admission policy kind's spec starts with, in the order both read them.
   *
   * @param matchValue the {@code matchConstraints} node, for findings about its rules
   * @param match null when absent or invalid (already reported)
   */
  record PolicyCommon(
      ValidatingPolicy.ParamKind paramKind,
      Optional<Value> matchValue,
      MatchResources match,
      List<ValidatingPolicy.NamedExpression> conditions,
      List<ValidatingPolicy.NamedExpression> variables) {}

  PolicyCommon policyCommon(MappingReader spec) {
    ValidatingPolicy.ParamKind paramKind =
        spec.optional("paramKind").flatMap(this::paramKind).orElse(null);
    Optional<Value> matchValue = spec.required("matchConstraints");
    MatchResources match = matchValue.flatMap(v -> match(v, true)).orElse(null);
    return new PolicyCommon(
        paramKind,
        matchValue,
        match,
        named(spec.optional("matchConditions")),
        named(spec.optional("variables")));
  }

  /** The fields every admission binding kind's spec starts with; absent or invalid: null. */
  record BindingCommon(
      Optional<String> policyName, PolicyBinding.ParamRef paramRef, MatchResources match) {}

  BindingCommon bindingCommon(MappingReader spec) {
    Optional<String> policyName = spec.required("policyName").flatMap(Value::asNonBlankString);
    PolicyBinding.ParamRef paramRef =
        spec.optional("paramRef").flatMap(this::paramRef).orElse(null);
    MatchResources match =
        spec.optional("matchResources").flatMap(v -> match(v, false)).orElse(null);
    return new BindingCommon(policyName, paramRef, match);
  }

  /** {@code failurePolicy}, Fail when absent as in kube-apiserver. */
  static FailurePolicy failurePolicy(MappingReader spec) {
    return spec.optional("failurePolicy")
        .flatMap(v -> v.asOneOf(FailurePolicy.values(), FailurePolicy::yamlName))
        .orElse(FailurePolicy.FAIL);
  }

  Optional<String> oneOf(Value value, String text, List<String> allowed) {
    if (!allowed.contains(text)) {
      reporter.invalid(
          value.location(),
          value.path(),
          "invalid value '" + text + "'; expected one of: " + String.join(", ", allowed));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  Optional<ValidatingPolicy.ParamKind> paramKind(Value value) {
    return value
        .asMapping()
        .flatMap(
            m -> {
              m.allowOnly(PARAM_KIND);
              Optional<String> apiVersion =
                  m.required("apiVersion").flatMap(Value::asNonBlankString);
              Optional<String> kind = m.required("kind").flatMap(Value::asNonBlankString);
              return apiVersion.isPresent() && kind.isPresent()
                  ? Optional.of(new ValidatingPolicy.ParamKind(apiVersion.get(), kind.get()))
                  : Optional.empty();
            });
  }

  Optional<PolicyBinding.ParamRef> paramRef(Value value) {
    return value
        .asMapping()
        .flatMap(
            m -> {
              m.allowOnly(PARAM_REF);
              String name = m.optional("name").flatMap(Value::asString).orElse(null);
              String namespace = m.optional("namespace").flatMap(Value::asString).orElse(null);
              LabelSelector selector = m.optional("selector").flatMap(this::selector).orElse(null);
              Optional<String> action =
                  m.required("parameterNotFoundAction")
                      .flatMap(v -> v.asString().flatMap(a -> oneOf(v, a, NOT_FOUND_ACTIONS)));
              if ((name == null) == (selector == null)) {
                reporter.invalid(
                    value.keyLocation(),
                    value.path(),
                    "exactly one of name or selector must be set");
                return Optional.empty();
              }
              return action.map(a -> new PolicyBinding.ParamRef(name, namespace, selector, a));
            });
  }

  Optional<MatchResources> match(Value value, boolean rulesRequired) {
    Optional<MappingReader> mapping = value.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader m = mapping.get().allowOnly(MATCH);
    LabelSelector ns =
        m.optional("namespaceSelector").flatMap(this::selector).orElse(LabelSelector.EVERYTHING);
    LabelSelector obj =
        m.optional("objectSelector").flatMap(this::selector).orElse(LabelSelector.EVERYTHING);
    Optional<Value> rulesValue =
        rulesRequired ? m.required("resourceRules") : m.optional("resourceRules");
    List<MatchResources.ResourceRule> rules = rules(rulesValue);
    List<MatchResources.ResourceRule> excludes = rules(m.optional("excludeResourceRules"));
    String matchPolicy =
        m.optional("matchPolicy")
            .flatMap(v -> v.asString().flatMap(p -> oneOf(v, p, MATCH_POLICIES)))
            .orElse("Equivalent");
    return Optional.of(new MatchResources(ns, obj, rules, excludes, matchPolicy));
  }

  private List<MatchResources.ResourceRule> rules(Optional<Value> value) {
    return eachMapping(value, this::resourceRule);
  }

  private Optional<MatchResources.ResourceRule> resourceRule(MappingReader m) {
    m.allowOnly(RULE);
    String scope =
        m.optional("scope")
            .flatMap(v -> v.asString().flatMap(s -> oneOf(v, s, SCOPES)))
            .orElse("*");
    return Optional.of(
        new MatchResources.ResourceRule(
            strings(m, "apiGroups"),
            strings(m, "apiVersions"),
            strings(m, "resources"),
            strings(m, "operations"),
            scope,
            strings(m, "resourceNames")));
  }

  /**
   * Each mapping of an optional list, read by {@code read}; items that are not mappings, or that
   * {@code read} rejects, are left out (their problems are already reported).
   */
  private static <T> List<T> eachMapping(
      Optional<Value> list, java.util.function.Function<MappingReader, Optional<T>> read) {
    List<T> out = new ArrayList<>();
    for (Value item : list.flatMap(Value::asList).orElse(List.of())) {
      item.asMapping().flatMap(read).ifPresent(out::add);
    }
    return out;
  }

  private static List<String> strings(MappingReader m, String field) {
    return m.optional(field).flatMap(Value::asStringList).orElse(List.of());
  }

  private Optional<LabelSelector> selector(Value value) {
    return value
        .asMapping()
        .map(
            m -> {
              m.allowOnly(SELECTOR);
              Map<String, String> labels =
                  m.optional("matchLabels").flatMap(Value::asStringMap).orElse(Map.of());
              return new LabelSelector(
                  labels, eachMapping(m.optional("matchExpressions"), this::requirement));
            });
  }

  private Optional<LabelSelector.Requirement> requirement(MappingReader r) {
    r.allowOnly(REQUIREMENT);
    Optional<String> key = r.required("key").flatMap(Value::asString);
    Optional<String> op =
        r.required("operator").flatMap(v -> v.asString().flatMap(o -> oneOf(v, o, OPERATORS)));
    List<String> values = strings(r, "values");
    if (key.isEmpty() || op.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LabelSelector.Requirement(key.get(), op.get(), values));
  }

  List<ValidatingPolicy.NamedExpression> named(Optional<Value> value) {
    return eachMapping(value, this::namedExpression);
  }

  private Optional<ValidatingPolicy.NamedExpression> namedExpression(MappingReader m) {
    m.allowOnly(NAMED);
    Optional<String> name = m.required("name").flatMap(Value::asNonBlankString);
    Optional<Expression> expression = m.required("expression").flatMap(expressions::readAdmission);
    if (name.isEmpty() || expression.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ValidatingPolicy.NamedExpression(name.get(), expression.get()));
  }
}
