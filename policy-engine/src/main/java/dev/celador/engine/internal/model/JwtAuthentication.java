package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * Who may present tokens for a target, where the token is, and which claims go upstream; modelled
 * on Istio's RequestAuthentication and Envoy's jwt_authn. See docs/policies/jwt-authentication.md.
 *
 * @param issuers trusted issuers, each with its key source and validation settings
 * @param locations where the token is looked for, in order; the first one present is used
 * @param required whether a request without a token is rejected (401); an invalid token always is
 * @param forwardClaims claims copied into upstream headers, overwriting client-sent copies
 * @param forwardOriginalToken whether the token header stays on the upstream request
 */
public record JwtAuthentication(
    Metadata metadata,
    Target target,
    List<JwtIssuer> issuers,
    List<TokenLocation> locations,
    boolean required,
    List<ClaimHeader> forwardClaims,
    boolean forwardOriginalToken,
    SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "JwtAuthentication";

  public JwtAuthentication {
    issuers = List.copyOf(issuers);
    locations = List.copyOf(locations);
    forwardClaims = List.copyOf(forwardClaims);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
