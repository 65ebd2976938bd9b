package dev.celador.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reload task on its own thread when asked: a burst of informer events (the initial list,
 * a kubectl apply of many objects) within the quiet period gives one reload, and reloads never
 * overlap, so the task needs no locking of its own.
 */
final class ReloadScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadScheduler.class);

  private final ScheduledExecutorService executor;
  private final Runnable task;
  private final Duration quietPeriod;
  private final AtomicBoolean pending = new AtomicBoolean();

  ReloadScheduler(String name, Duration quietPeriod, Runnable task) {
    this.task = task;
    this.quietPeriod = quietPeriod;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, name);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Reloads after the quiet period, once for all requests made until it starts. */
  void request() {
    requestAfter(quietPeriod);
  }

  /** Reloads after {@code delay} unless a reload is already due. */
  void requestAfter(Duration delay) {
    if (pending.compareAndSet(false, true) && !executor.isShutdown()) {
      executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void run() {
    pending.set(false);
    try {
      task.run();
    } catch (RuntimeException e) {
      // A bug in one reload must not stop later ones: the next event tries again.
      LOG.error("reload failed unexpectedly; keeping the active policies", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
