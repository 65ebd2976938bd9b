package dev.celador.engine.internal.jwt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fetch of a {@link RemoteKeySource} and the requests waiting for it (their tokens name a key
 * the set lacks). They wait together, and at most the fetch timeout from when the first of them
 * came: then {@link #keys} fails with a {@link TimeoutException} and they decide with the keys at
 * hand. Every request answered that way is counted once, in {@code timeouts}.
 */
final class KeyFetchFlight {

  /** The keys after the fetch, or a {@link TimeoutException} once the waiters' bound passed. */
  final CompletableFuture<KeySet> keys = new CompletableFuture<>();

  /** Requests waiting; negative once their wait timed out. */
  private final AtomicInteger waiting = new AtomicInteger();

  private final AtomicLong timeouts;
  private volatile ScheduledFuture<?> bound;

  /**
   * @param timeouts where the source counts requests whose wait timed out
   */
  KeyFetchFlight(AtomicLong timeouts) {
    this.timeouts = timeouts;
  }

  /**
   * Counts a request waiting; the first one starts the clock of the bound, which calls {@code
   * onTimeout} on {@code scheduler} when it passes. One that comes after the bound passed (the
   * fetch still running) counts as timed out at once.
   */
  void join(ScheduledExecutorService scheduler, long boundMillis, Runnable onTimeout) {
    if (keys.isDone()) {
      if (keys.isCompletedExceptionally()) {
        timeouts.incrementAndGet();
      }
      return;
    }
    int before = waiting.getAndIncrement();
    if (before < 0) {
      timeouts.incrementAndGet();
    } else if (before == 0) {
      try {
        bound = scheduler.schedule(onTimeout, boundMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        onTimeout.run(); // closed: nobody would finish the fetch's waiters
      }
    }
  }

  /**
   * Fails the waiters with {@code message}, counting them first (they go on as soon as it fails);
   * false if the fetch had answered already. Locked against {@link #answer}, so waiters are counted
   * only when they really timed out; once per fetch, never on a request's path.
   */
  synchronized boolean expire(String message) {
    if (keys.isDone()) {
      return false;
    }
    timeouts.addAndGet(waiting.getAndSet(Integer.MIN_VALUE));
    keys.completeExceptionally(new TimeoutException(message));
    return true;
  }

  /** Answers the waiters with {@code current}, unless their wait timed out; stops the bound. */
  void answer(KeySet current) {
    ScheduledFuture<?> timer = bound;
    if (timer != null) {
      timer.cancel(false);
    }
    synchronized (this) {
      keys.complete(current);
    }
  }
}
