package dev.celador.cluster;

import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.AdmissionEngine;
import dev.celador.engine.admission.CompiledAdmissionSet;
import dev.celador.engine.cel.k8s.AuthorizationBackend;
import dev.celador.engine.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns what the informers hold into the active admission snapshot: compiles the policy documents
 * when they changed (with the engine's own parser and compiler), pairs the set with the current
 * params and Namespaces, and swaps the snapshot in atomically. Policies that do not compile leave
 * the last good set active; params and Namespaces still refresh around it.
 */
public final class AdmissionReloader {

  /** One consistent generation: policies with the params and Namespaces to evaluate them with. */
  public record Snapshot(CompiledAdmissionSet set, AdmissionContext context) {}

  private final AdmissionEngine engine = new AdmissionEngine();
  private final AuthorizationBackend authorizer;
  private List<SourceFile> lastAttempt;
  private CompiledAdmissionSet lastGood;
  private volatile Snapshot current;

  public AdmissionReloader(AuthorizationBackend authorizer) {
    this.authorizer = authorizer;
  }

  /** The active snapshot; empty until policies first compiled. */
  public Optional<Snapshot> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Makes a snapshot of {@code policies} (ValidatingPolicy and ValidatingPolicyBinding documents),
   * {@code params} and {@code namespaces} (by name) active, keeping the last good policy set if
   * these policies do not compile.
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
      AdmissionEngine.Loaded loaded = engine.loadSources(policies);
      if (loaded.set().isPresent()) {
        lastGood = loaded.set().get();
      } else {
        succeeded = false;
        problems = Problems.describe(loaded.diagnostics(), byName(policies));
      }
    }
    if (lastGood != null) {
      current = new Snapshot(lastGood, new AdmissionContext(params, namespaces, authorizer));
    }
    int count = lastGood == null ? -1 : lastGood.policyCount();
    return new ReloadOutcome(changed, succeeded, count, problems);
  }

  static Map<String, SourceFile> byName(List<SourceFile> sources) {
    return sources.stream()
        .collect(Collectors.toMap(SourceFile::name, Function.identity(), (a, b) -> a));
  }
}
