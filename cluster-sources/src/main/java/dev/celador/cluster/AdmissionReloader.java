package dev.celador.cluster;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.CompiledAdmissionSet;
import dev.celador.engine.cel.k8s.AuthorizationBackend;
import dev.celador.engine.source.SourceFile;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the informers hold into the active admission snapshot: compiles the policy documents
 * when they changed (with the engine's own parser and compiler), pairs the set with the current
 * params and Namespaces, and swaps the snapshot in atomically. An object that does not compile is
 * left out, its last good version kept, while the others load ({@link ObjectIsolation}); params and
 * Namespaces refresh regardless.
 */
public final class AdmissionReloader {

  /** One consistent generation: policies with the params and Namespaces to evaluate them with. */
  public record Snapshot(CompiledAdmissionSet set, AdmissionContext context) {}

  // Compiles only: nothing is installed in it, and admission policies start no key sources.
  private final PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
  private final AuthorizationBackend authorizer;
  private final ObjectIsolation<CompiledAdmissionSet> isolation =
      new ObjectIsolation<>(this::compile);
  private List<SourceFile> lastAttempt;
  private CompiledAdmissionSet lastGood;
  private volatile Snapshot current;
  private volatile Verdicts verdicts = Verdicts.NONE;

  public AdmissionReloader(AuthorizationBackend authorizer) {
    this.authorizer = authorizer;
  }

  /** The active snapshot; empty until policies first compiled. */
  public Optional<Snapshot> current() {
    return Optional.ofNullable(current);
  }

  private ObjectIsolation.Compiled<CompiledAdmissionSet> compile(List<SourceFile> policies) {
    LoadResult loaded = engine.loadSources(policies);
    return new ObjectIsolation.Compiled<>(loaded.admission(), loaded.diagnostics());
  }

  /** What became of each object in the latest load that produced a set. */
  public Verdicts verdicts() {
    return verdicts;
  }

  /**
   * Makes a snapshot of {@code policies} (ValidatingPolicy and ValidatingPolicyBinding documents),
   * {@code params} and {@code namespaces} (by name) active, leaving out the objects that do not
   * compile.
   */
  public synchronized ReloadOutcome reload(
      List<SourceFile> policies,
      List<Map<String, Object>> params,
      Map<String, Map<String, Object>> namespaces) {
    boolean changed = !policies.equals(lastAttempt);
    List<String> problems = List.of();
    boolean succeeded = true;
    if (changed) {
      lastAttempt = List.copyOf(policies);
      ObjectIsolation.Outcome<CompiledAdmissionSet> loaded = isolation.load(policies, Map.of());
      if (loaded.result().isPresent()) {
        lastGood = loaded.result().get();
        verdicts = Verdicts.of(loaded);
        problems = verdicts.problems();
      } else {
        succeeded = false;
        verdicts = Verdicts.NONE;
        problems = loaded.unattributed();
      }
    }
    if (lastGood != null) {
      current = new Snapshot(lastGood, new AdmissionContext(params, namespaces, authorizer));
    }
    int count = lastGood == null ? -1 : lastGood.policyCount();
    return new ReloadOutcome(changed, succeeded, count, problems, verdicts.refused().size());
  }
}
