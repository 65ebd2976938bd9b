package dev.celador.cluster;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the HTTP policy documents the informers hold (AccessPolicy, JwtAuthentication,
 * RateLimitPolicy) into a {@link PolicyEngine}, which swaps them in atomically. An object that does
 * not compile is left out and its last good version stays ({@link ObjectIsolation}); every other
 * object loads.
 */
public final class PolicyReloader {

  private final PolicyEngine engine;
  private final ObjectIsolation<Integer> isolation;
  private List<SourceFile> lastAttempt;
  private Map<String, List<String>> lastRefusedEarly;
  private int activeCount = -1;
  private volatile Verdicts verdicts = Verdicts.NONE;

  public PolicyReloader(PolicyEngine engine) {
    this.engine = engine;
    this.isolation = new ObjectIsolation<>(this::install);
  }

  private ObjectIsolation.Compiled<Integer> install(List<SourceFile> sources) {
    LoadResult result = engine.reloadSources(sources);
    return new ObjectIsolation.Compiled<>(
        result.hasErrors() ? Optional.empty() : Optional.of(result.policyCount()),
        result.diagnostics());
  }

  public synchronized ReloadOutcome reload(List<SourceFile> policies) {
    return reload(policies, Map.of());
  }

  /**
   * Loads {@code policies}, leaving out those named in {@code refusedEarly} (by source name, with
   * their problems: found before compiling) and those that do not compile.
   */
  public synchronized ReloadOutcome reload(
      List<SourceFile> policies, Map<String, List<String>> refusedEarly) {
    if (policies.equals(lastAttempt) && refusedEarly.equals(lastRefusedEarly)) {
      return new ReloadOutcome(false, true, activeCount, List.of());
    }
    lastAttempt = List.copyOf(policies);
    lastRefusedEarly = Map.copyOf(refusedEarly);
    ObjectIsolation.Outcome<Integer> outcome = isolation.load(policies, refusedEarly);
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
}
