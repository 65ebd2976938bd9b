package dev.celador.extauthz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where decisions that may run metered CEL are made: threads of their own, a short queue, and a cap
 * on the CPU they may use, off the transports' event loops. A plain RBAC decision takes
 * microseconds and is made inline; a metered one can take up to its cost budget's worth of CPU
 * (about 10 ms), and on an event loop it would hold every other request of that loop.
 *
 * <p>Moving that work to other threads is not enough on a small machine: a lane thread that
 * computes without pause holds a core, takes the kernel's time slices from the event loops and
 * allocates at a rate that brings a young collection every few tens of milliseconds, and the plain
 * routes' tail grows tenfold (benchmarks/hostile-route.sh). So the lane gets a share of the
 * machine's CPU: after each decision a lane thread rests in proportion to the CPU time it used, and
 * requests that cannot be decided within {@code maxWait} are refused rather than queued past any
 * proxy's timeout. A costly policy under attack is then answered 503 with {@code Retry-After}, and
 * the rest of the mesh keeps its latency.
 */
public final class CostlyLane implements AutoCloseable {

  /** Waiting decisions; the wait bound, not this, is what usually refuses. */
  static final int DEFAULT_QUEUE = 128;

  /** Rest is taken in pieces of at least this, so the cost of parking stays small. */
  private static final long MIN_REST_NANOS = 1_000_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ThreadPoolExecutor pool;
  private final double busyShare;
  private final long maxWaitNanos;

  /**
   * @param threads lane threads
   * @param busyShare the fraction of its time each lane thread may compute, in (0, 1]
   * @param queue decisions that may wait
   * @param maxWait how long a decision may wait for a lane thread before it is refused
   */
  public CostlyLane(int threads, double busyShare, int queue, Duration maxWait) {
    if (threads < 1 || !(busyShare > 0 && busyShare <= 1) || queue < 1 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "costly lane: threads " + threads + ", share " + busyShare + ", queue " + queue);
    }
    AtomicInteger n = new AtomicInteger();
    this.busyShare = busyShare;
    this.maxWaitNanos = maxWait.toNanos();
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
              // Honoured only where the JVM maps priorities to nice values (see docs/serve.md).
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** A lane without a CPU cap, for tests of what is decided where. */
  public CostlyLane(int threads, int queue) {
    this(threads, 1.0, queue, Duration.ofDays(1));
  }

  /**
   * A lane that may use {@code cpuShare} of this machine's CPU: as many threads as that share needs
   * whole cores, each computing for its part of the time.
   */
  public static CostlyLane withCpuShare(double cpuShare, Duration maxWait) {
    if (!(cpuShare > 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("CPU share must be in (0, 1], got " + cpuShare);
    }
    double cores = cpuShare * Runtime.getRuntime().availableProcessors();
    int threads = (int) Math.ceil(cores);
    return new CostlyLane(threads, Math.min(1.0, cores / threads), DEFAULT_QUEUE, maxWait);
  }

  /**
   * Runs {@code task} on a lane thread, or {@code refuse} instead: at once (on this thread) when
   * the queue is full or the lane is closed, or on the lane thread when the task waited longer than
   * the lane's wait bound. Exactly one of the two runs.
   */
  public void submit(Runnable task, Runnable refuse) {
    long queued = System.nanoTime();
    try {
      pool.execute(new Paced(task, refuse, queued));
    } catch (RejectedExecutionException e) {
      refuse.run();
    }
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  /** One decision: refused if it waited too long, else run, then the thread rests its share. */
  private final class Paced implements Runnable {
    private final Runnable task;
    private final Runnable refuse;
    private final long queued;

    Paced(Runnable task, Runnable refuse, long queued) {
      this.task = task;
      this.refuse = refuse;
      this.queued = queued;
    }

    @Override
    public void run() {
      if (System.nanoTime() - queued > maxWaitNanos) {
        refuse.run();
        return;
      }
      if (busyShare >= 1.0) {
        task.run();
        return;
      }
      long before = THREADS.getCurrentThreadCpuTime();
      try {
        task.run();
      } finally {
        rest(THREADS.getCurrentThreadCpuTime() - before);
      }
    }
  }

  /**
   * What one lane thread owes: rest earned by the CPU it used, less the idle time since. Kept
   * across decisions so that many short ones add up to one rest instead of many parks, and so that
   * a thread that was idle does not rest after its next decision.
   */
  private static final class Debt {
    long owedNanos;
    long since = System.nanoTime();
  }

  private static final ThreadLocal<Debt> DEBT = ThreadLocal.withInitial(Debt::new);

  private void rest(long cpuNanos) {
    Debt debt = DEBT.get();
    long now = System.nanoTime();
    long idle = Math.max(0, now - debt.since - cpuNanos);
    debt.owedNanos =
        Math.max(0, debt.owedNanos - idle) + (long) (cpuNanos * (1 - busyShare) / busyShare);
    debt.since = now;
    if (debt.owedNanos < MIN_REST_NANOS) {
      return;
    }
    long until = now + debt.owedNanos;
    // parkNanos may return early; an interrupt (the lane closing) ends the rest.
    for (long left = until - now;
        left > 0 && !Thread.currentThread().isInterrupted();
        left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    debt.owedNanos = 0;
    debt.since = System.nanoTime();
  }
}
