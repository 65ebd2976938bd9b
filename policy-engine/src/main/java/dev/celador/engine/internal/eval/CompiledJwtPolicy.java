package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.jwt.IssuerVerifier;
import dev.celador.engine.internal.model.JwtAuthentication;
import java.util.List;

/** A JwtAuthentication policy with a verifier (and so key source) for each of its issuers. */
public record CompiledJwtPolicy(
    JwtAuthentication source, TargetMatcher target, List<IssuerVerifier> issuers) {

  public CompiledJwtPolicy {
    issuers = List.copyOf(issuers);
  }

  public String id() {
    return source.metadata().id();
  }
}
