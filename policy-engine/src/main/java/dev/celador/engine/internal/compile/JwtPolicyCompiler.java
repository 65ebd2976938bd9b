package dev.celador.engine.internal.compile;

import dev.celador.engine.internal.eval.CompiledJwtPolicy;
import dev.celador.engine.internal.eval.TargetMatcher;
import dev.celador.engine.internal.jwt.IssuerVerifier;
import dev.celador.engine.internal.jwt.JwtVerifier;
import dev.celador.engine.internal.jwt.KeySource;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.model.HttpOrigin;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.JwtIssuer;
import dev.celador.engine.internal.model.KeySourceSpec;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives each issuer of a JwtAuthentication policy its key source: reads JWKS and secret files
 * (reporting unusable ones at the field naming them) and shares remote key sets.
 */
final class JwtPolicyCompiler {

  static final String UNUSABLE_KEYS = "unusable_keys";
  static final String INSECURE_KEY_URL = "insecure_key_url";

  private final KeySources keySources;

  JwtPolicyCompiler(KeySources keySources) {
    this.keySources = keySources;
  }

  Optional<CompiledJwtPolicy> compile(JwtAuthentication policy, Diagnostics diagnostics) {
    List<IssuerVerifier> verifiers = new ArrayList<>();
    boolean ok = true;
    for (JwtIssuer issuer : policy.issuers()) {
      KeySourceSpec spec = issuer.keys();
      if (!checkTransport(spec, diagnostics)) {
        ok = false;
        continue;
      }
      try {
        KeySource source = keySources.sourceFor(issuer);
        verifiers.add(new IssuerVerifier(issuer, source));
      } catch (KeySources.KeyMaterialException e) {
        diagnostics.error(
            UNUSABLE_KEYS, spec.location(), spec.kind().field() + ": " + e.getMessage());
        ok = false;
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new CompiledJwtPolicy(policy, new TargetMatcher(policy.target()), verifiers));
  }

  /** The token verifier of a policy set, watching its key sources for removed keys. */
  JwtVerifier verifier(Clock clock, List<CompiledJwtPolicy> policies) {
    JwtVerifier verifier = new JwtVerifier(clock, keySources.options().tokenCacheSize());
    policies.forEach(p -> p.issuers().forEach(issuer -> verifier.watch(issuer.keys())));
    return verifier;
  }

  /**
   * Keys fetched over plain HTTP can be swapped by anyone on the path, except on loopback: an error
   * unless the issuer explicitly allows it ({@code allowInsecureHttp: true}), and then a warning.
   * Host names are not resolved: {@code localhost} and literal loopback addresses only.
   */
  private static boolean checkTransport(KeySourceSpec spec, Diagnostics diagnostics) {
    if (!spec.kind().remote()) {
      return true;
    }
    Optional<HttpOrigin> origin = HttpOrigin.of(URI.create(spec.value()));
    if (origin.isEmpty() || origin.get().secure() || origin.get().loopback()) {
      return true;
    }
    String field = spec.kind().field();
    if (spec.allowInsecureHttp()) {
      diagnostics.add(
          Diagnostic.warning(
              INSECURE_KEY_URL,
              spec.location(),
              field + ": keys fetched over plain http can be replaced in transit; use https"));
      return true;
    }
    diagnostics.error(
        INSECURE_KEY_URL,
        spec.location(),
        field
            + ": keys fetched over plain http from "
            + origin.get().host()
            + " can be replaced in transit; use https, or set allowInsecureHttp: true on the"
            + " issuer");
    return false;
  }
}
