package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.PolicyBinding;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the spec of admission policies and bindings ({@code ValidatingAdmissionPolicy[Binding]} and
 * Celador's {@code ValidatingPolicy[Binding]}), field by field as the Kubernetes schema has them,
 * reporting unknown fields, wrong types and missing required fields where they are.
 */
final class ValidatingPolicyReader {

  // The field lists and spellings here and in AdmissionSpecReader are also the JSON Schema's
  // (AdmissionShapes).
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

  /** What kube-apiserver accepts on write; it refuses Unauthorized although the API lists it. */
  static final List<String> REASONS = List.of("Forbidden", "Invalid", "RequestEntityTooLarge");

  static final List<String> ACTIONS = List.of("Deny", "Warn", "Audit");
  static final List<String> VALIDATION =
      List.of("expression", "message", "messageExpression", "reason");
  static final List<String> AUDIT = List.of("key", "valueExpression");

  private final ExpressionReader expressions;
  private final Reporter reporter;
  private final AdmissionSpecReader parts;

  ValidatingPolicyReader(ExpressionReader expressions, Reporter reporter) {
    this.expressions = expressions;
    this.reporter = reporter;
    this.parts = new AdmissionSpecReader(expressions, reporter);
  }

  Optional<ValidatingPolicy> readPolicy(
      String kind, Value specValue, Optional<Metadata> metadata, SourceLocation start) {
    Optional<MappingReader> mapping = specValue.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC);
    AdmissionSpecReader.PolicyCommon common = parts.policyCommon(spec);
    List<ValidatingPolicy.Validation> validations = new ArrayList<>();
    spec.optional("validations")
        .flatMap(Value::asList)
        .ifPresent(l -> l.forEach(v -> validation(v).ifPresent(validations::add)));
    List<ValidatingPolicy.AuditAnnotation> audits = new ArrayList<>();
    spec.optional("auditAnnotations")
        .flatMap(Value::asList)
        .ifPresent(l -> l.forEach(v -> audit(v).ifPresent(audits::add)));
    FailurePolicy failure = AdmissionSpecReader.failurePolicy(spec);
    if (validations.isEmpty() && audits.isEmpty() && !reporter.hasErrors()) {
      reporter.invalid(
          specValue.keyLocation(),
          specValue.path(),
          "one of validations or auditAnnotations must be set");
    }
    if (metadata.isEmpty() || common.match() == null || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new ValidatingPolicy(
            kind,
            metadata.get(),
            common.paramKind(),
            common.match(),
            common.conditions(),
            common.variables(),
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
    AdmissionSpecReader.BindingCommon common = parts.bindingCommon(spec);
    List<String> actions = new ArrayList<>();
    spec.required("validationActions")
        .flatMap(Value::asList)
        .ifPresent(
            items -> {
              for (Value item : items) {
                item.asString().flatMap(a -> parts.oneOf(item, a, ACTIONS)).ifPresent(actions::add);
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
    if (metadata.isEmpty() || common.policyName().isEmpty() || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new PolicyBinding(
            kind,
            metadata.get(),
            common.policyName().get(),
            common.paramRef(),
            common.match(),
            actions,
            start));
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
                      .flatMap(v -> v.asString().flatMap(r -> parts.oneOf(v, r, REASONS)))
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
