package dev.celador.extauthz;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where decisions that may run metered CEL are made: a few threads of their own and a short queue,
 * off the transports' event loops. A plain RBAC decision takes microseconds and is made inline; a
 * metered one can take up to its cost budget's worth of CPU, and on an event loop it would hold
 * every other request of that loop (with gRPC, every stream of Envoy's connection) for as long.
 * Here it holds only the requests behind it in this queue. When the queue is full a request is
 * refused at once rather than queued past any proxy's timeout.
 */
public final class CostlyLane implements Executor, AutoCloseable {

  /** Waiting decisions: with a budget of milliseconds each, a queue this deep drains in ~0.2 s. */
  static final int DEFAULT_QUEUE = 128;

  private final ThreadPoolExecutor pool;

  public CostlyLane(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "celador-costly-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Half the cores (at least one): the other half stays with the event loops. */
  public static CostlyLane standard() {
    return new CostlyLane(
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2), DEFAULT_QUEUE);
  }

  /**
   * Runs {@code task} on a lane thread.
   *
   * @throws RejectedExecutionException when the queue is full or the lane is closed
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
