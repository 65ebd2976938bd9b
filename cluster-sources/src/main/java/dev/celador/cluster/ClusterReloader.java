package dev.celador.cluster;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads the policy documents the informers hold into a {@link PolicyEngine}, which swaps each set
 * in atomically and keeps the last good one when a load fails as a whole. An object that does not
 * compile is left out and its last good version stays ({@link ObjectIsolation}); every other object
 * loads. A list equal to the last one attempted is not compiled again.
 *
 * <p>One reloader serves one source: {@link #reload(List, Map)} for the HTTP kinds, whose set
 * becomes the engine's whole snapshot, or {@link #reloadAdmission} for the admission kinds, which
 * are installed with their params and Namespaces beside the engine's access policies.
 */
public final class ClusterReloader {

  private final PolicyEngine engine;
  private final ObjectIsolation<Integer> isolation = new ObjectIsolation<>();
  private List<SourceFile> lastAttempt;
  private Map<String, List<String>> lastRefusedEarly;
  private volatile int activeCount = -1;
  private volatile Verdicts verdicts = Verdicts.NONE;

  public ClusterReloader(PolicyEngine engine) {
    this.engine = engine;
  }

  public ReloadOutcome reload(List<SourceFile> policies) {
    return reload(policies, Map.of());
  }

  /**
   * Loads HTTP policy documents (AccessPolicy, JwtAuthentication, RateLimitPolicy), leaving out
   * those named in {@code refusedEarly} (by source name, with their problems: found before
   * compiling) and those that do not compile; what loads replaces the engine's whole snapshot.
   */
  public synchronized ReloadOutcome reload(
      List<SourceFile> policies, Map<String, List<String>> refusedEarly) {
    return load(policies, refusedEarly, engine::reloadSources);
  }

  /**
   * Loads admission documents (ValidatingPolicy, ValidatingPolicyBinding), leaving out those that
   * do not compile, and installs them with {@code context} in one swap beside the engine's access
   * policies ({@link PolicyEngine#reloadAdmission}). The context (params, Namespaces) takes effect
   * even when the documents did not change or did not load.
   */
  public synchronized ReloadOutcome reloadAdmission(
      List<SourceFile> policies, AdmissionContext context) {
    ReloadOutcome outcome =
        load(policies, Map.of(), files -> engine.reloadAdmission(files, context));
    if (!outcome.compiled() || !outcome.succeeded()) {
      engine.admissionContext(context);
    }
    return outcome;
  }

  private ReloadOutcome load(
      List<SourceFile> policies,
      Map<String, List<String>> refusedEarly,
      Function<List<SourceFile>, LoadResult> install) {
    if (policies.equals(lastAttempt) && refusedEarly.equals(lastRefusedEarly)) {
      return new ReloadOutcome(false, true, activeCount, List.of(), verdicts.refused().size());
    }
    lastAttempt = List.copyOf(policies);
    lastRefusedEarly = Map.copyOf(refusedEarly);
    ObjectIsolation.Outcome<Integer> outcome =
        isolation.load(
            policies,
            refusedEarly,
            sources -> {
              LoadResult result = install.apply(sources);
              return new ObjectIsolation.Compiled<>(
                  result.hasErrors() ? Optional.empty() : Optional.of(result.policyCount()),
                  result.diagnostics());
            });
    if (outcome.result().isEmpty()) {
      verdicts = Verdicts.NONE;
      return new ReloadOutcome(true, false, activeCount, outcome.unattributed());
    }
    activeCount = outcome.result().get();
    verdicts = Verdicts.of(outcome);
    return new ReloadOutcome(
        true, true, activeCount, verdicts.problems(), verdicts.refused().size());
  }

  /** What became of each object in the latest load that produced a set. */
  public Verdicts verdicts() {
    return verdicts;
  }

  /** Whether a set of this source's documents is active in the engine (readiness). */
  public boolean loaded() {
    return activeCount >= 0;
  }

  /** Waits, at most {@code timeout}, until {@link #loaded}. */
  boolean awaitLoaded(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!loaded() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return loaded();
  }
}
