package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * A {@code ValidatingAdmissionPolicy} (admissionregistration.k8s.io/v1) or Celador's {@code
 * ValidatingPolicy} (same spec), as written.
 *
 * @param paramKind null when the policy takes no parameters
 */
public record ValidatingPolicy(
    String kind,
    Metadata metadata,
    ParamKind paramKind,
    MatchResources matchConstraints,
    List<NamedExpression> matchConditions,
    List<NamedExpression> variables,
    List<Validation> validations,
    List<AuditAnnotation> auditAnnotations,
    FailurePolicy failurePolicy,
    SourceLocation location)
    implements PolicyDocument {

  public static final String VAP_KIND = "ValidatingAdmissionPolicy";
  public static final String CELADOR_KIND = "ValidatingPolicy";
  public static final String VAP_API_VERSION = "admissionregistration.k8s.io/v1";

  public ValidatingPolicy {
    matchConditions = List.copyOf(matchConditions);
    variables = List.copyOf(variables);
    validations = List.copyOf(validations);
    auditAnnotations = List.copyOf(auditAnnotations);
  }

  /** {@code spec.paramKind}. */
  public record ParamKind(String apiVersion, String kind) {}

  /** A named CEL expression: a match condition or a variable. */
  public record NamedExpression(String name, Expression expression) {}

  /**
   * One {@code spec.validations[]} entry; {@code message}, {@code messageExpression} and {@code
   * reason} may be null.
   */
  public record Validation(
      Expression expression, String message, Expression messageExpression, String reason) {}

  /** One {@code spec.auditAnnotations[]} entry. */
  public record AuditAnnotation(String key, Expression valueExpression) {}
}
