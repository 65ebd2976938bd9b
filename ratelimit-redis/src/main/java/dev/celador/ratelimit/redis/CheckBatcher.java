package dev.celador.ratelimit.redis;

import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import dev.celador.engine.internal.ratelimit.StoreTimeoutException;
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
   * One request's checks: their keys and rates ({@link #rates}), what Redis answered ({@code
   * reply}, however late) and what the request was told ({@code answer}: the reply, or a timeout
   * when {@code deadline} fired first).
   */
  record Pending(
      String[] keys,
      long[] rates,
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
  CompletableFuture<List<GcraResult>> submit(String[] keys, long[] rates) {
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
    Pending pending = new Pending(keys, rates, reply, answer, deadline);
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
    ScriptCall call = ScriptCall.of(batch);
    CompletableFuture<List<Object>> sent;
    try {
      sent = script.apply(call.keys(), call.args());
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
      for (int i = 0; i < results.length; i++) {
        results[i] = result((Long) reply.get(at++), p.rates[2 * i], p.rates[2 * i + 1]);
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

  /**
   * The result the script's one number for a check stands for (see gcra-acquire-batch.lua): the
   * reset-after time in µs, positive if admitted, negated if over, 0 if not checked (null).
   */
  static GcraResult result(long reply, long intervalMicros, long signedBurst) {
    if (reply == 0) {
      return null;
    }
    long horizon = intervalMicros * Math.abs(signedBurst);
    if (reply > 0) {
      return GcraResult.admitted(Math.floorDiv(horizon - reply, intervalMicros), reply * 1_000);
    }
    long reset = -reply;
    return GcraResult.denied((reset + intervalMicros - horizon) * 1_000, reset * 1_000);
  }

  /**
   * The rates of {@code checks} as the script takes them, two numbers per check: the interval in
   * µs, and the burst, negated for a shadow check.
   */
  static long[] rates(List<LimitCheck> checks) {
    long[] rates = new long[2 * checks.size()];
    for (int i = 0; i < checks.size(); i++) {
      LimitCheck check = checks.get(i);
      rates[2 * i] = check.rate().intervalMicros();
      rates[2 * i + 1] = check.shadow() ? -check.rate().burst() : check.rate().burst();
    }
    return rates;
  }
}
