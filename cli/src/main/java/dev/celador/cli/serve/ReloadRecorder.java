package dev.celador.cli.serve;

import dev.celador.cluster.ReloadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each policy reload, from the directory watcher or the cluster, the same way: {@code
 * /readyz} detail, the reload metrics and one log line (a failure with its diagnostics).
 */
final class ReloadRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadRecorder.class);

  private final ServeState state;
  private final ServeMetrics metrics;
  private final Runnable refreshMeters;

  ReloadRecorder(ServeState state, ServeMetrics metrics, Runnable refreshMeters) {
    this.state = state;
    this.metrics = metrics;
    this.refreshMeters = refreshMeters;
  }

  void succeeded(int policies, String source) {
    state.loaded(policies);
    metrics.reloaded(true, policies);
    refreshMeters.run();
    LOG.atInfo()
        .addKeyValue("policies", policies)
        .addKeyValue("source", source)
        .log("policies reloaded");
  }

  /** {@code anyActive}: whether a good set serves on (else nothing was ever loaded). */
  void failed(String diagnostics, boolean anyActive) {
    state.reloadFailed(firstLines(diagnostics, 20));
    metrics.reloaded(false, 0);
    LOG.atError()
        .addKeyValue("diagnostics", firstLines(diagnostics, 50))
        .log(
            anyActive
                ? "policy reload failed; the last good policy set keeps serving"
                : "policies do not compile; not ready until they do");
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
        LOG.atError()
            .addKeyValue("diagnostics", firstLines(String.join("\n", outcome.problems()), 50))
            .log("custom resources left out; each keeps its last good version, if it had one");
      }
    } else {
      failed(String.join("\n", outcome.problems()), outcome.policyCount() >= 0);
    }
  }

  private static String firstLines(String text, int n) {
    return String.join("\n", text.lines().limit(n).toList());
  }
}
