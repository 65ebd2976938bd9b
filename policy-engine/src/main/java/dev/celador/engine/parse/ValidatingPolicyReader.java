package dev.celador.engine.parse;

import dev.celador.engine.model.Expression;
import dev.celador.engine.model.FailurePolicy;
import dev.celador.engine.model.LabelSelector;
import dev.celador.engine.model.MatchResources;
import dev.celador.engine.model.Metadata;
import dev.celador.engine.model.PolicyBinding;
import dev.celador.engine.model.ValidatingPolicy;
import dev.celador.engine.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the spec of admission policies and bindings ({@code ValidatingAdmissionPolicy[Binding]} and
 * Celador's {@code ValidatingPolicy[Binding]}), field by field as the Kubernetes schema has them,
 * reporting unknown fields, wrong types and missing required fields where they are.
 */
final class ValidatingPolicyReader {

  // The field lists and spellings below are also the JSON Schema's (AdmissionShapes).
  static final List<String> SCOPES = List.of("Cluster", "Namespaced", "*");
  static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
  static final List<String> ACTIONS = List.of("Deny", "Warn", "Audit");
  static final List<String> NOT_FOUND_ACTIONS = List.of("Allow", "Deny");
  static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");

  static final List<String> SPEC =
      List.of(
          "paramKind",
          "matchConstraints",
          "matchConditions",
          "variables",
          "validations",
          "auditAnnotations",
          "failurePolicy");
  static final List<String> BINDING_SPEC =
      List.of("policyName", "paramRef", "matchResources", "validationActions");
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
  static final List<String> SELECTOR = List.of("matchLabels", "matchExpressions");
  static final List<String> REQUIREMENT = List.of("key", "operator", "values");
  static final List<String> NAMED = List.of("name", "expression");
  static final List<String> VALIDATION =
      List.of("expression", "message", "messageExpression", "reason");
  static final List<String> AUDIT = List.of("key", "valueExpression");

  /** What kube-apiserver accepts on write; it refuses Unauthorized although the API lists it. */
  static final List<String> REASONS = List.of("Forbidden", "Invalid", "RequestEntityTooLarge");

  private final ExpressionReader expressions;
  private final Reporter reporter;

  ValidatingPolicyReader(ExpressionReader expressions, Reporter reporter) {
    this.expressions = expressions;
    this.reporter = reporter;
  }

  Optional<ValidatingPolicy> readPolicy(
      String kind, Value specValue, Optional<Metadata> metadata, SourceLocation start) {
    Optional<MappingReader> mapping = specValue.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC);
    ValidatingPolicy.ParamKind paramKind =
        spec.optional("paramKind").flatMap(this::paramKind).orElse(null);
    MatchResources match =
        spec.required("matchConstraints").flatMap(v -> match(v, true)).orElse(null);
    List<ValidatingPolicy.NamedExpression> conditions = named(spec.optional("matchConditions"));
    List<ValidatingPolicy.NamedExpression> variables = named(spec.optional("variables"));
    List<ValidatingPolicy.Validation> validations = new ArrayList<>();
    spec.optional("validations")
        .flatMap(Value::asList)
        .ifPresent(l -> l.forEach(v -> validation(v).ifPresent(validations::add)));
    List<ValidatingPolicy.AuditAnnotation> audits = new ArrayList<>();
    spec.optional("auditAnnotations")
        .flatMap(Value::asList)
        .ifPresent(l -> l.forEach(v -> audit(v).ifPresent(audits::add)));
    FailurePolicy failure =
        spec.optional("failurePolicy")
            .flatMap(v -> v.asOneOf(FailurePolicy.values(), FailurePolicy::yamlName))
            .orElse(FailurePolicy.FAIL);
    if (validations.isEmpty() && audits.isEmpty() && !reporter.hasErrors()) {
      reporter.invalid(
          specValue.keyLocation(),
          specValue.path(),
          "one of validations or auditAnnotations must be set");
    }
    if (metadata.isEmpty() || match == null || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new ValidatingPolicy(
            kind,
            metadata.get(),
            paramKind,
            match,
            conditions,
            variables,
            validations,
            audits,
            failure,
            start));
  }

  Optional<PolicyBinding> readBinding(
      String kind, Value specValue, Optional<Metadata> metadata, SourceLocation start) {
    Optional<MappingReader> mapping = specValue.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(BINDING_SPEC);
    Optional<String> policyName = spec.required("policyName").flatMap(Value::asNonBlankString);
    PolicyBinding.ParamRef paramRef =
        spec.optional("paramRef").flatMap(this::paramRef).orElse(null);
    MatchResources match =
        spec.optional("matchResources").flatMap(v -> match(v, false)).orElse(null);
    List<String> actions = new ArrayList<>();
    spec.required("validationActions")
        .flatMap(Value::asList)
        .ifPresent(
            items -> {
              for (Value item : items) {
                item.asString().flatMap(a -> oneOf(item, a, ACTIONS)).ifPresent(actions::add);
              }
              if (items.isEmpty()) {
                reporter.invalid(start, "spec.validationActions", "must not be empty");
              }
              if (actions.contains("Deny") && actions.contains("Warn")) {
                reporter.invalid(
                    start,
                    "spec.validationActions",
                    "may not contain both Deny and Warn (repeating the same validation failure"
                        + " information in the API response and headers serves no purpose)");
              }
            });
    if (metadata.isEmpty() || policyName.isEmpty() || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new PolicyBinding(kind, metadata.get(), policyName.get(), paramRef, match, actions, start));
  }

  private Optional<String> oneOf(Value value, String text, List<String> allowed) {
    if (!allowed.contains(text)) {
      reporter.invalid(
          value.location(),
          value.path(),
          "invalid value '" + text + "'; expected one of: " + String.join(", ", allowed));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  private Optional<ValidatingPolicy.ParamKind> paramKind(Value value) {
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

  private Optional<PolicyBinding.ParamRef> paramRef(Value value) {
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

  private Optional<MatchResources> match(Value value, boolean rulesRequired) {
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

  private List<ValidatingPolicy.NamedExpression> named(Optional<Value> value) {
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

  private Optional<ValidatingPolicy.Validation> validation(Value item) {
    return item.asMapping()
        .flatMap(
            m -> {
              m.allowOnly(VALIDATION);
              Optional<Expression> expression =
                  m.required("expression").flatMap(expressions::readAdmission);
              Optional<String> message = m.optional("message").flatMap(Value::asString);
              message
                  .filter(s -> s.contains("\n"))
                  .ifPresent(
                      s ->
                          reporter.invalid(
                              m.optional("message").get().location(),
                              m.path() + ".message",
                              "message must not contain line breaks"));
              Expression messageExpression =
                  m.optional("messageExpression").flatMap(expressions::readAdmission).orElse(null);
              String reason =
                  m.optional("reason")
                      .flatMap(v -> v.asString().flatMap(r -> oneOf(v, r, REASONS)))
                      .orElse(null);
              return expression.map(
                  e ->
                      new ValidatingPolicy.Validation(
                          e, message.orElse(null), messageExpression, reason));
            });
  }

  private Optional<ValidatingPolicy.AuditAnnotation> audit(Value item) {
    return item.asMapping()
        .flatMap(
            m -> {
              m.allowOnly(AUDIT);
              Optional<String> key = m.required("key").flatMap(Value::asNonBlankString);
              Optional<Expression> value =
                  m.required("valueExpression").flatMap(expressions::readAdmission);
              return key.isPresent() && value.isPresent()
                  ? Optional.of(new ValidatingPolicy.AuditAnnotation(key.get(), value.get()))
                  : Optional.empty();
            });
  }
}
