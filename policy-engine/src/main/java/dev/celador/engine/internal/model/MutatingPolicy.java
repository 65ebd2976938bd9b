package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * A {@code MutatingAdmissionPolicy} (admissionregistration.k8s.io/v1), as written. Matching, match
 * conditions, variables and params are the same as a {@link ValidatingPolicy}'s.
 *
 * @param paramKind null when the policy takes no parameters
 * @param reinvocationPolicy {@code Never} or {@code IfNeeded}
 */
public record MutatingPolicy(
    String kind,
    Metadata metadata,
    ValidatingPolicy.ParamKind paramKind,
    MatchResources matchConstraints,
    List<ValidatingPolicy.NamedExpression> matchConditions,
    List<ValidatingPolicy.NamedExpression> variables,
    List<Mutation> mutations,
    FailurePolicy failurePolicy,
    String reinvocationPolicy,
    SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "MutatingAdmissionPolicy";

  public MutatingPolicy {
    matchConditions = List.copyOf(matchConditions);
    variables = List.copyOf(variables);
    mutations = List.copyOf(mutations);
  }

  /** How a mutation's expression result is applied to the object. */
  public enum PatchType {
    JSON_PATCH("JSONPatch"),
    APPLY_CONFIGURATION("ApplyConfiguration");

    private final String yamlName;

    PatchType(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }

  /**
   * One {@code spec.mutations[]} entry: its patch type and the expression of {@code jsonPatch} or
   * {@code applyConfiguration}.
   */
  public record Mutation(PatchType patchType, Expression expression) {}
}
