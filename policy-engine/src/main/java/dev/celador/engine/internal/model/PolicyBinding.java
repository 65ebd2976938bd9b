package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * A {@code ValidatingAdmissionPolicyBinding} or Celador's {@code ValidatingPolicyBinding}.
 *
 * @param paramRef null when the binding passes no parameters
 * @param matchResources null when the binding does not narrow the policy's match
 */
public record PolicyBinding(
    String kind,
    Metadata metadata,
    String policyName,
    ParamRef paramRef,
    MatchResources matchResources,
    List<String> validationActions,
    SourceLocation location)
    implements PolicyDocument {

  public static final String VAP_KIND = "ValidatingAdmissionPolicyBinding";
  public static final String CELADOR_KIND = "ValidatingPolicyBinding";

  public PolicyBinding {
    validationActions = List.copyOf(validationActions);
  }

  /**
   * {@code spec.paramRef}: a {@code name} or a {@code selector} (null when unset), an optional
   * namespace, and what to do when nothing is found ({@code Allow} or {@code Deny}).
   */
  public record ParamRef(
      String name, String namespace, LabelSelector selector, String parameterNotFoundAction) {}
}
