package dev.celador.engine.verify;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.admission.AdmissionEngine;
import dev.celador.engine.admission.CompiledAdmissionSet;
import dev.celador.engine.eval.CompiledPolicySet;
import dev.celador.engine.ratelimit.RateLimitBackends;
import dev.celador.engine.source.Diagnostic;
import dev.celador.engine.source.SourceFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
      List<Path> paths, Clock clock, RateLimitBackends rateLimits, Map<String, String> pinnedJwks) {
    LoadResult http = PolicyEngine.forTests(clock, rateLimits, pinnedJwks).load(paths);
    AdmissionEngine.Loaded admission = new AdmissionEngine().load(paths);
    // Both engines read the same files, so parse problems would be reported twice.
    LinkedHashSet<Diagnostic> diagnostics = new LinkedHashSet<>(http.diagnostics());
    diagnostics.addAll(admission.diagnostics());
    List<Diagnostic> sorted = new ArrayList<>(diagnostics);
    sorted.sort(null);
    boolean ok = http.policySet().isPresent() && admission.set().isPresent();
    return new SuitePolicies(
        ok ? http.policySet() : Optional.empty(),
        ok ? admission.set() : Optional.empty(),
        sorted,
        http.sources());
  }

  boolean loaded() {
    return http.isPresent() && admission.isPresent();
  }
}
