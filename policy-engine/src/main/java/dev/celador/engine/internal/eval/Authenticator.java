package dev.celador.engine.internal.eval;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.jwt.ClaimValues;
import dev.celador.engine.internal.jwt.IssuerVerifier;
import dev.celador.engine.internal.jwt.JwtFailure;
import dev.celador.engine.internal.jwt.JwtRejection;
import dev.celador.engine.internal.jwt.JwtVerifier;
import dev.celador.engine.internal.jwt.KeySet;
import dev.celador.engine.internal.jwt.KeysPending;
import dev.celador.engine.internal.model.ClaimHeader;
import dev.celador.engine.internal.model.TokenLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Step 2 of the evaluation order (DESIGN.md §2): the JwtAuthentication policies selecting a request
 * authenticate it. A present token must verify against an issuer of one of them, else 401; a
 * missing token is 401 only where a selecting policy requires one. Immutable and thread-safe.
 */
final class Authenticator {

  static final String WWW_AUTHENTICATE = "www-authenticate";
  static final String ACTION = "AUTHENTICATE";

  private final List<CompiledJwtPolicy> policies;
  private final JwtVerifier verifier;
  private final List<String> claimHeaders;

  Authenticator(List<CompiledJwtPolicy> policies, JwtVerifier verifier) {
    this.policies = List.copyOf(policies);
    this.verifier = verifier;
    Set<String> headers = new LinkedHashSet<>();
    policies.forEach(p -> p.source().forwardClaims().forEach(c -> headers.add(c.header())));
    this.claimHeaders = List.copyOf(headers);
  }

  /** Every header some policy forwards a claim into; clients' copies are always stripped. */
  List<String> claimHeaders() {
    return claimHeaders;
  }

  /**
   * @param tracing whether the caller wants the trace entry of a verified token (building its text
   *     on every request showed in profiles)
   * @param waited null at first; after an authentication that was {@link Authentication#pending},
   *     the fetch waited for: the token is then decided with the keys at hand
   */
  Authentication authenticate(
      AuthzRequest request, boolean tracing, CompletableFuture<KeySet> waited) {
    if (policies.isEmpty()) {
      return Authentication.NONE;
    }
    List<CompiledJwtPolicy> selected = new ArrayList<>(2);
    for (CompiledJwtPolicy policy : policies) {
      if (policy.target().matches(request)) {
        selected.add(policy);
      }
    }
    if (selected.isEmpty()) {
      return Authentication.NONE;
    }
    CompiledJwtPolicy finder = null;
    TokenLocator.Found found = null;
    for (int i = 0; i < selected.size() && found == null; i++) {
      for (TokenLocation location : selected.get(i).source().locations()) {
        found = TokenLocator.find(request.request(), location);
        if (found != null) {
          finder = selected.get(i);
          break;
        }
      }
    }
    if (found == null) {
      return missing(selected);
    }
    List<IssuerVerifier> candidates = selected.get(0).issuers();
    if (selected.size() > 1) {
      candidates = new ArrayList<>();
      for (CompiledJwtPolicy policy : selected) {
        candidates.addAll(policy.issuers());
      }
    }
    JwtVerifier.Accepted accepted;
    try {
      accepted =
          verifier.attempt(
              found.carrier(),
              found.start(),
              found.location().kind() == TokenLocation.Kind.HEADER,
              candidates,
              waited);
    } catch (JwtRejection e) {
      return reject(finder, e.failure(), e.detail());
    } catch (KeysPending e) {
      return Authentication.waitingFor(e.fetch());
    }
    CompiledJwtPolicy owner = owner(selected, accepted.verifier());
    Map<String, String> headers = new HashMap<>();
    for (CompiledJwtPolicy policy : selected) {
      for (ClaimHeader claim : policy.source().forwardClaims()) {
        Object value = accepted.token().claims().get(claim.claim());
        Optional<String> text = value == null ? Optional.empty() : ClaimValues.headerValue(value);
        text.ifPresent(t -> headers.putIfAbsent(claim.header(), t));
      }
    }
    List<String> remove =
        found.location().kind() == TokenLocation.Kind.HEADER
                && !owner.source().forwardOriginalToken()
            ? List.of(found.location().name())
            : List.of();
    TraceEntry trace =
        !tracing
            ? null
            : new TraceEntry(
                owner.id(),
                "",
                ACTION,
                false,
                TraceEntry.Result.MATCH,
                "token verified for issuer " + accepted.verifier().issuer().issuer());
    return new Authentication(accepted.token(), null, headers, remove, trace);
  }

  private static CompiledJwtPolicy owner(List<CompiledJwtPolicy> selected, IssuerVerifier by) {
    for (CompiledJwtPolicy policy : selected) {
      if (policy.issuers().contains(by)) {
        return policy;
      }
    }
    return selected.get(0);
  }

  private static Authentication missing(List<CompiledJwtPolicy> selected) {
    for (CompiledJwtPolicy policy : selected) {
      if (policy.source().required()) {
        return reject(policy, JwtFailure.MISSING, "no token in any place the policy looks");
      }
    }
    TraceEntry trace =
        new TraceEntry(
            selected.get(0).id(), "", ACTION, false, TraceEntry.Result.NO_MATCH, "no token");
    return new Authentication(null, null, Map.of(), List.of(), trace);
  }

  private static Authentication reject(
      CompiledJwtPolicy policy, JwtFailure failure, String detail) {
    String reason = "jwt " + failure.code() + ": " + detail;
    // RFC 6750 §3.1: a request without credentials gets the bare challenge, no error code.
    String challenge =
        failure == JwtFailure.MISSING
            ? "Bearer"
            : "Bearer error=\"invalid_token\", error_description=\"" + failure.description() + "\"";
    Decision decision =
        new Decision(
            false,
            401,
            policy.id(),
            "",
            List.of(reason),
            Map.of(),
            List.of(),
            Map.of(WWW_AUTHENTICATE, challenge),
            false,
            List.of(),
            List.of());
    TraceEntry trace =
        new TraceEntry(policy.id(), "", ACTION, false, TraceEntry.Result.ERROR, reason);
    return new Authentication(null, decision, Map.of(), List.of(), trace);
  }
}
