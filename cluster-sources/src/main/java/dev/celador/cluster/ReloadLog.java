package dev.celador.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts the outcome of each reload, and passes it on (to metrics, say). Failures, and
 * objects left out of a load, are logged with every problem, each naming the object and field.
 */
final class ReloadLog {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadLog.class);

  private final String what;
  private final Consumer<ReloadOutcome> listener;
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<List<String>> lastProblems = new AtomicReference<>(List.of());

  ReloadLog(String what, Consumer<ReloadOutcome> listener) {
    this.what = what;
    this.listener = listener;
  }

  void record(ReloadOutcome outcome) {
    if (!outcome.compiled()) {
      return;
    }
    if (outcome.succeeded()) {
      succeeded.incrementAndGet();
      lastProblems.set(outcome.problems());
      if (outcome.problems().isEmpty()) {
        LOG.info("{} loaded from the cluster: {} active", what, outcome.policyCount());
      } else {
        LOG.error(
            "{} loaded from the cluster ({} active), leaving out the objects that do not compile"
                + " (each keeps its last good version, if it had one):\n  {}",
            what,
            outcome.policyCount(),
            String.join("\n  ", outcome.problems()));
      }
    } else {
      failed.incrementAndGet();
      lastProblems.set(outcome.problems());
      LOG.error(
          "{} from the cluster did not compile, keeping the last good set ({} active):\n  {}",
          what,
          outcome.policyCount(),
          String.join("\n  ", outcome.problems()));
    }
    listener.accept(outcome);
  }

  ReloadStats stats() {
    return new ReloadStats(succeeded.get(), failed.get(), lastProblems.get());
  }
}
