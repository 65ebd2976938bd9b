package dev.celador.cli.serve;

import dev.celador.cluster.ReloadOutcome;
import java.util.Map;

/**
 * Records each policy reload, from the directory watcher or the cluster, the same way: {@code
 * /readyz} detail, the reload metrics and one log line (a failure with its diagnostics).
 */
final class ReloadRecorder {

  private final ServeState state;
  private final ServeMetrics metrics;
  private final JsonLog log;
  private final Runnable refreshMeters;

  ReloadRecorder(ServeState state, ServeMetrics metrics, JsonLog log, Runnable refreshMeters) {
    this.state = state;
    this.metrics = metrics;
    this.log = log;
    this.refreshMeters = refreshMeters;
  }

  void succeeded(int policies, String source) {
    state.loaded(policies);
    metrics.reloaded(true, policies);
    refreshMeters.run();
    log.info("policies reloaded", Map.of("policies", policies, "source", source));
  }

  /** {@code anyActive}: whether a good set serves on (else nothing was ever loaded). */
  void failed(String diagnostics, boolean anyActive) {
    state.reloadFailed(firstLines(diagnostics, 20));
    metrics.reloaded(false, 0);
    log.error(
        anyActive
            ? "policy reload failed; the last good policy set keeps serving"
            : "policies do not compile; not ready until they do",
        Map.of("diagnostics", firstLines(diagnostics, 50)));
  }

  /**
   * A load of custom resources that compiled, possibly leaving out objects that did not, or failed
   * as a whole ({@code ClusterPolicySource}).
   */
  void cluster(ReloadOutcome outcome) {
    if (outcome.succeeded()) {
      state.leftOut(outcome.problems());
      metrics.leftOut(outcome.leftOut());
      succeeded(outcome.policyCount(), "cluster");
      if (!outcome.problems().isEmpty()) {
        log.error(
            "custom resources left out; each keeps its last good version, if it had one",
            Map.of("diagnostics", firstLines(String.join("\n", outcome.problems()), 50)));
      }
    } else {
      failed(String.join("\n", outcome.problems()), outcome.policyCount() >= 0);
    }
  }

  private static String firstLines(String text, int n) {
    return String.join("\n", text.lines().limit(n).toList());
  }
}
