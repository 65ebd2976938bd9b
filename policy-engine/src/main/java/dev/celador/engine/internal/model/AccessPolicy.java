package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * Service-to-service allow/deny rules for one target, modelled on Istio's AuthorizationPolicy with
 * CEL conditions.
 *
 * @param allowHeaders headers set upstream when this ALLOW policy's rule admits the request, in
 *     declaration order
 */
public record AccessPolicy(
    Metadata metadata,
    Target target,
    Action action,
    List<AccessRule> rules,
    boolean dryRun,
    FailurePolicy failurePolicy,
    Optional<DenyResponse> denyResponse,
    List<HeaderValue> allowHeaders,
    SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "AccessPolicy";

  public AccessPolicy {
    rules = List.copyOf(rules);
    allowHeaders = List.copyOf(allowHeaders);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
