package dev.celador.ratelimit.redis;

import dev.celador.engine.ratelimit.GcraResult;
import dev.celador.engine.ratelimit.LimitCheck;
import dev.celador.engine.ratelimit.StoreTimeoutException;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Sends the checks of concurrent requests to Redis in few script runs. A request is sent at once
 * while fewer than {@link #MAX_IN_FLIGHT} scripts are in flight (so a lone request never waits);
 * otherwise it queues, and when a script returns, everything queued (up to {@link #MAX_REQUESTS}
 * requests) goes out as the next one. Under load one round trip then carries many requests: Redis
 * runs one script instead of dozens, and both sides make one system call instead of dozens, which
 * is what lets shared limits keep up with local ones. Each request is still decided on its own,
 * all-or-nothing, as if it had its own script.
 *
 * <p>A request whose timeout fired while it was queued is dropped, never sent: it spent nothing.
 * Thread-safe; one per Redis server, or per hash slot of a cluster (a script touches one slot).
 */
final class CheckBatcher {

  /** Scripts in flight at once before requests queue. */
  static final int MAX_IN_FLIGHT = 2;

  /** Requests in one script: bounds the script's run, during which Redis serves nothing else. */
  static final int MAX_REQUESTS = 64;

  /** Requests waiting at most: beyond, Redis is not keeping up and checks fail at once. */
  static final int MAX_QUEUED = 4096;

  /**
   * One request's checks: its keys, three script arguments per key, what Redis answered ({@code
   * reply}, however late) and what the request was told ({@code answer}: the reply, or a timeout
   * when {@code deadline} fired first).
   */
  record Pending(
      String[] keys,
      String[] args,
      CompletableFuture<List<GcraResult>> reply,
      CompletableFuture<List<GcraResult>> answer,
      Timeout deadline) {

    /**
     * Settles both futures at once, on the thread that read Redis's reply: no stage in between, one
     * fewer hand-off per request than chaining the answer to the reply. Nothing depends on {@code
     * reply} unless the answer was a timeout (then the decision settles the late reply).
     */
    void settle(List<GcraResult> results, Throwable error) {
      deadline.cancel();
      if (error == null) {
        answer.complete(results);
        reply.complete(results);
      } else {
        answer.completeExceptionally(error);
        reply.completeExceptionally(error);
      }
    }
  }

  /** Runs the script on keys and arguments. */
  private final BiFunction<String[], String[], CompletableFuture<List<Object>>> script;

  private final Duration timeout;

  /** Fires the timeouts: a wheel, so that arming and cancelling one costs no thread wake-up. */
  private final Timer timer;

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  CheckBatcher(
      BiFunction<String[], String[], CompletableFuture<List<Object>>> script,
      Duration timeout,
      Timer timer) {
    this.script = script;
    this.timeout = timeout;
    this.timer = timer;
  }

  /**
   * Sends or queues the checks of one request. The future is its results, or a failure: at the
   * latest when the timeout fires (a timer, nothing waits), then a {@link StoreTimeoutException}
   * whose late reply says what the script did if it ran after all.
   */
  CompletableFuture<List<GcraResult>> submit(String[] keys, String[] args) {
    CompletableFuture<List<GcraResult>> reply = new CompletableFuture<>();
    CompletableFuture<List<GcraResult>> answer = new CompletableFuture<>();
    Timeout deadline =
        timer.newTimeout(
            expired ->
                answer.completeExceptionally(
                    new StoreTimeoutException(
                        "no answer from Redis within " + timeout.toMillis() + " ms", reply)),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    Pending pending = new Pending(keys, args, reply, answer, deadline);
    boolean now;
    synchronized (this) {
      now = inFlight < MAX_IN_FLIGHT;
      if (now) {
        inFlight++;
      } else if (queue.size() >= MAX_QUEUED) {
        pending.settle(
            null,
            new IllegalStateException("Redis is not keeping up: " + MAX_QUEUED + " checks queued"));
        return answer;
      } else {
        queue.add(pending);
      }
    }
    if (now) {
      send(List.of(pending));
    }
    return answer;
  }

  private void send(List<Pending> batch) {
    int keyCount = 0;
    int argCount = 1;
    for (Pending p : batch) {
      keyCount += p.keys.length;
      argCount += 1 + p.args.length;
    }
    String[] keys = new String[keyCount];
    String[] args = new String[argCount];
    args[0] = Integer.toString(batch.size());
    int k = 0;
    int a = 1;
    for (Pending p : batch) {
      System.arraycopy(p.keys, 0, keys, k, p.keys.length);
      k += p.keys.length;
      args[a++] = Integer.toString(p.keys.length);
      System.arraycopy(p.args, 0, args, a, p.args.length);
      a += p.args.length;
    }
    CompletableFuture<List<Object>> sent;
    try {
      sent = script.apply(keys, args);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((reply, error) -> returned(batch, reply, error));
  }

  /** Sends what queued meanwhile first (so Redis is busy again soon), then answers the batch. */
  private void returned(List<Pending> batch, List<Object> reply, Throwable error) {
    List<Pending> next = next();
    if (next != null) {
      send(next);
    }
    int at = 0;
    for (Pending p : batch) {
      if (error != null) {
        p.settle(null, error);
        continue;
      }
      GcraResult[] results = new GcraResult[p.keys.length];
      for (int i = 0; i < results.length; i++, at += 4) {
        results[i] = result(reply, at);
      }
      p.settle(Arrays.asList(results), null);
    }
  }

  /** The queued requests still waiting for an answer, up to a batch; null if none. */
  private List<Pending> next() {
    synchronized (this) {
      List<Pending> next = null;
      while (!queue.isEmpty() && (next == null || next.size() < MAX_REQUESTS)) {
        Pending p = queue.poll();
        if (p.answer.isDone()) {
          // Its timeout fired: it was decided without Redis. Never sent, it spent nothing.
          p.settle(null, new IllegalStateException("timed out before it was sent"));
          continue;
        }
        if (next == null) {
          next = new ArrayList<>(Math.min(queue.size() + 1, MAX_REQUESTS));
        }
        next.add(p);
      }
      if (next == null) {
        inFlight--;
      }
      return next;
    }
  }

  /** Four numbers per bucket from {@code at}; status -1 is a check not made (null). */
  private static GcraResult result(List<Object> reply, int at) {
    long status = (Long) reply.get(at);
    long remaining = (Long) reply.get(at + 1);
    long retryAfterNanos = (Long) reply.get(at + 2) * 1_000;
    long resetAfterNanos = (Long) reply.get(at + 3) * 1_000;
    if (status == 1) {
      return GcraResult.admitted(remaining, resetAfterNanos);
    }
    return status == 0 ? GcraResult.denied(retryAfterNanos, resetAfterNanos) : null;
  }

  /** The script arguments of {@code checks}: interval, burst, shadow flag per check. */
  static String[] arguments(List<LimitCheck> checks) {
    String[] args = new String[3 * checks.size()];
    for (int i = 0; i < checks.size(); i++) {
      LimitCheck check = checks.get(i);
      args[3 * i] = Long.toString(check.rate().intervalMicros());
      args[3 * i + 1] = Long.toString(check.rate().burst());
      args[3 * i + 2] = check.shadow() ? "1" : "0";
    }
    return args;
  }
}
