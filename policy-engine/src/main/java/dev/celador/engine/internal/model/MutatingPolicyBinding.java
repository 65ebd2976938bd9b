package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;

/**
 * A {@code MutatingAdmissionPolicyBinding}: a {@link PolicyBinding} without validation actions.
 *
 * @param paramRef null when the binding passes no parameters
 * @param matchResources null when the binding does not narrow the policy's match
 */
public record MutatingPolicyBinding(
    String kind,
    Metadata metadata,
    String policyName,
    PolicyBinding.ParamRef paramRef,
    MatchResources matchResources,
    SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "MutatingAdmissionPolicyBinding";
}
