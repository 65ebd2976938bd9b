package dev.celador.cluster;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.source.SourceFile;
import java.util.List;

/**
 * Loads the HTTP policy documents the informers hold (AccessPolicy, JwtAuthentication,
 * RateLimitPolicy) into a {@link PolicyEngine}, which swaps them in atomically or keeps its last
 * good set when they do not compile.
 */
public final class PolicyReloader {

  private final PolicyEngine engine;
  private List<SourceFile> lastAttempt;
  private int activeCount = -1;

  public PolicyReloader(PolicyEngine engine) {
    this.engine = engine;
  }

  public synchronized ReloadOutcome reload(List<SourceFile> policies) {
    if (policies.equals(lastAttempt)) {
      return new ReloadOutcome(false, true, activeCount, List.of());
    }
    lastAttempt = List.copyOf(policies);
    LoadResult result = engine.reloadSources(policies);
    if (result.hasErrors()) {
      return new ReloadOutcome(
          true,
          false,
          activeCount,
          Problems.describe(result.diagnostics(), AdmissionReloader.byName(policies)));
    }
    activeCount = result.policyCount();
    return new ReloadOutcome(true, true, activeCount, List.of());
  }

  /**
   * Refuses {@code policies} without compiling them, for {@code problems} found before compiling;
   * the last good set stays.
   */
  public synchronized ReloadOutcome refuse(List<SourceFile> policies, List<String> problems) {
    if (policies.equals(lastAttempt)) {
      return new ReloadOutcome(false, true, activeCount, List.of());
    }
    lastAttempt = List.copyOf(policies);
    return new ReloadOutcome(true, false, activeCount, problems);
  }
}
