package dev.celador.verify;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.PolicySetLoader;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies of one suite, compiled for both engines: AccessPolicies for HTTP cases, admission
 * policies and bindings for admission cases. One suite may load both kinds; each engine ignores the
 * other's documents.
 *
 * @param http the HTTP policy set; empty when any policy failed to load
 * @param admission the admission set; empty when any policy failed to load
 * @param diagnostics every problem, each once
 * @param sources the policy files, to quote diagnostics' lines
 */
record SuitePolicies(
    Optional<CompiledPolicySet> http,
    Optional<CompiledAdmissionSet> admission,
    List<Diagnostic> diagnostics,
    Map<String, SourceFile> sources) {

  SuitePolicies {
    diagnostics = List.copyOf(diagnostics);
    sources = Map.copyOf(sources);
  }

  static SuitePolicies load(
      List<Path> paths,
      Clock clock,
      RateLimitBackends rateLimits,
      Map<String, String> pinnedJwks,
      PolicyDefaults defaults) {
    // One load compiles both the HTTP and the admission policies, with every diagnostic.
    // Issuers in pinnedJwks verify with the JWKS given there (the suite's test keys) instead of
    // the key sources their policies name; see KeySources.
    KeySources keys = new KeySources(clock, JwksOptions.defaults(), pinnedJwks);
    LoadResult loaded = new PolicySetLoader(clock, keys, rateLimits, defaults).load(paths);
    return new SuitePolicies(
        loaded.policySet(), loaded.admission(), loaded.diagnostics(), loaded.sources());
  }

  boolean loaded() {
    return http.isPresent() && admission.isPresent();
  }
}
