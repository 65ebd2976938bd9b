package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.MatchResources;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the spec of {@code MutatingAdmissionPolicy} and {@code MutatingAdmissionPolicyBinding},
 * field by field as the Kubernetes v1 schema has them; what they share with validating policies
 * (match, params, conditions, variables) is read by {@link AdmissionSpecReader}.
 */
final class MutatingPolicyReader {

  // The field lists and spellings are also the JSON Schema's (AdmissionShapes).
  static final List<String> SPEC =
      List.of(
          "paramKind",
          "matchConstraints",
          "matchConditions",
          "variables",
          "mutations",
          "failurePolicy",
          "reinvocationPolicy");
  static final List<String> BINDING_SPEC = List.of("policyName", "paramRef", "matchResources");
  static final List<String> MUTATION = List.of("patchType", "jsonPatch", "applyConfiguration");
  static final List<String> PATCH = List.of("expression");
  static final List<String> REINVOCATION = List.of("Never", "IfNeeded");

  /** What kube-apiserver allows a mutating policy to match: never DELETE. */
  static final List<String> OPERATIONS = List.of("CREATE", "UPDATE", "CONNECT", "*");

  private final ExpressionReader expressions;
  private final Reporter reporter;
  private final AdmissionSpecReader parts;

  MutatingPolicyReader(ExpressionReader expressions, Reporter reporter) {
    this.expressions = expressions;
    this.reporter = reporter;
    this.parts = new AdmissionSpecReader(expressions, reporter);
  }

  Optional<MutatingPolicy> readPolicy(
      String kind, Value specValue, Optional<Metadata> metadata, SourceLocation start) {
    Optional<MappingReader> mapping = specValue.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(SPEC);
    AdmissionSpecReader.PolicyCommon common = parts.policyCommon(spec);
    MatchResources match = common.match();
    if (match != null) {
      checkOperations(common.matchValue().get(), match);
    }
    List<MutatingPolicy.Mutation> mutations = new ArrayList<>();
    Optional<Value> mutationsValue = spec.required("mutations");
    mutationsValue
        .flatMap(Value::asList)
        .ifPresent(l -> l.forEach(v -> mutation(v).ifPresent(mutations::add)));
    if (mutationsValue.flatMap(Value::asList).map(List::isEmpty).orElse(false)) {
      reporter.invalid(mutationsValue.get().location(), "spec.mutations", "must not be empty");
    }
    FailurePolicy failure = AdmissionSpecReader.failurePolicy(spec);
    Optional<String> reinvocation =
        spec.required("reinvocationPolicy")
            .flatMap(v -> v.asString().flatMap(r -> parts.oneOf(v, r, REINVOCATION)));
    if (metadata.isEmpty() || match == null || reinvocation.isEmpty() || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new MutatingPolicy(
            kind,
            metadata.get(),
            common.paramKind(),
            match,
            common.conditions(),
            common.variables(),
            mutations,
            failure,
            reinvocation.get(),
            start));
  }

  Optional<MutatingPolicyBinding> readBinding(
      String kind, Value specValue, Optional<Metadata> metadata, SourceLocation start) {
    Optional<MappingReader> mapping = specValue.asMapping();
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    MappingReader spec = mapping.get().allowOnly(BINDING_SPEC);
    AdmissionSpecReader.BindingCommon common = parts.bindingCommon(spec);
    if (metadata.isEmpty() || common.policyName().isEmpty() || reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new MutatingPolicyBinding(
            kind,
            metadata.get(),
            common.policyName().get(),
            common.paramRef(),
            common.match(),
            start));
  }

  /** kube-apiserver refuses a mutating policy that would match DELETE (or anything else). */
  private void checkOperations(Value matchValue, MatchResources match) {
    for (MatchResources.ResourceRule rule : match.resourceRules()) {
      for (String operation : rule.operations()) {
        if (!OPERATIONS.contains(operation)) {
          reporter.invalid(
              matchValue.location(),
              "spec.matchConstraints.resourceRules",
              "unsupported operation '"
                  + operation
                  + "'; a mutating policy matches only: "
                  + String.join(", ", OPERATIONS));
        }
      }
    }
  }

  private Optional<MutatingPolicy.Mutation> mutation(Value item) {
    return item.asMapping()
        .flatMap(
            m -> {
              m.allowOnly(MUTATION);
              Optional<MutatingPolicy.PatchType> type =
                  m.required("patchType")
                      .flatMap(
                          v ->
                              v.asOneOf(
                                  MutatingPolicy.PatchType.values(),
                                  MutatingPolicy.PatchType::yamlName));
              if (type.isEmpty()) {
                return Optional.empty();
              }
              String field =
                  type.get() == MutatingPolicy.PatchType.JSON_PATCH
                      ? "jsonPatch"
                      : "applyConfiguration";
              String other =
                  type.get() == MutatingPolicy.PatchType.JSON_PATCH
                      ? "applyConfiguration"
                      : "jsonPatch";
              m.optional(other)
                  .ifPresent(
                      v ->
                          reporter.invalid(
                              v.keyLocation(),
                              v.path(),
                              "must not be set when patchType is " + type.get().yamlName()));
              Optional<Expression> expression =
                  m.required(field)
                      .flatMap(Value::asMapping)
                      .flatMap(
                          e -> {
                            e.allowOnly(PATCH);
                            return e.required("expression").flatMap(expressions::readAdmission);
                          });
              return expression.map(e -> new MutatingPolicy.Mutation(type.get(), e));
            });
  }
}
