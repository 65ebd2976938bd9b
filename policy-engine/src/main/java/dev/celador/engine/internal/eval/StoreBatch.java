package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import dev.celador.engine.internal.ratelimit.RateLimitStore;
import dev.celador.engine.internal.ratelimit.StoreTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The checks of one request that live in one store (one slot of a Redis Cluster), sent in one call
 * (for Redis: one script, one round trip). The store spends the enforced ones all-or-nothing; this
 * batch remembers enough to give back what it spent when another store's limit denies the request,
 * including what a check that timed out spent when its reply comes late.
 */
final class StoreBatch {

  /**
   * A backstop only: stores complete every call within their own timeout (Redis: 50 ms by default),
   * from a timer.
   */
  private static final long MAX_WAIT_MILLIS = 1_000;

  final RateLimitStore store;
  final int group;
  final List<RateLimitCheck> checks = new ArrayList<>(2);
  private boolean answered;
  private CompletableFuture<List<GcraResult>> lateReply;

  StoreBatch(RateLimitStore store, int group) {
    this.store = store;
    this.group = group;
  }

  /** Sends the checks; the future completes (never exceptionally) once results are assigned. */
  CompletableFuture<Void> send() {
    List<LimitCheck> sent = new ArrayList<>(checks.size());
    for (RateLimitCheck check : checks) {
      sent.add(check.toStore());
    }
    CompletableFuture<List<GcraResult>> reply;
    try {
      reply = store.acquireAll(sent);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    // No timeout of our own: stores complete every call within theirs (Redis: 50 ms by default),
    // from a timer, and a second timer per check would cost a thread wake-up each.
    return reply.handle(this::receive);
  }

  private Void receive(List<GcraResult> results, Throwable error) {
    if (error == null) {
      answered = true;
      for (int i = 0; i < checks.size(); i++) {
        RateLimitCheck check = checks.get(i);
        check.result = results.get(i);
        if (check.result != null) {
          check.limit.counters().checked();
        }
      }
      return null;
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof StoreTimeoutException timeout) {
      lateReply = timeout.lateReply();
    }
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    for (RateLimitCheck check : checks) {
      check.failure = why;
      check.limit.counters().checked();
      check.limit.counters().storeError();
    }
    return null;
  }

  /**
   * Gives back what this batch spent, for a request that was denied after all: everything the store
   * answered it spent, or, if the call timed out, what its late reply says it spent.
   */
  void refund() {
    if (answered) {
      refund(checks.stream().map(c -> c.result).toList());
    } else if (lateReply != null) {
      lateReply.thenAccept(this::refund);
    }
  }

  private void refund(List<GcraResult> results) {
    for (int i = 0; i < checks.size(); i++) {
      if (!checks.get(i).limit.shadow() && !results.get(i).allowed()) {
        return; // an enforced check was over: the store spent nothing
      }
    }
    for (int i = 0; i < checks.size(); i++) {
      GcraResult result = results.get(i);
      if (result != null && result.allowed()) {
        RateLimitCheck check = checks.get(i);
        store.refund(check.bucket, check.limit.rate());
      }
    }
  }

  /**
   * The batches of {@code checks}, one per store and {@link RateLimitStore#group group}, in the
   * order they first appear.
   */
  static List<StoreBatch> byStore(List<RateLimitCheck> checks) {
    List<StoreBatch> batches = new ArrayList<>(1);
    for (RateLimitCheck check : checks) {
      RateLimitStore store = check.limit.store();
      int group = store.group(check.bucket);
      StoreBatch batch = null;
      for (StoreBatch b : batches) {
        if (b.store == store && b.group == group) {
          batch = b;
        }
      }
      if (batch == null) {
        batch = new StoreBatch(store, group);
        batches.add(batch);
      }
      batch.checks.add(check);
    }
    return batches;
  }

  /** Sends every batch; completes when all have their results. */
  static CompletableFuture<Void> sendAll(List<StoreBatch> batches) {
    if (batches.size() == 1) {
      return batches.get(0).send();
    }
    CompletableFuture<?>[] sent = new CompletableFuture<?>[batches.size()];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = batches.get(i).send();
    }
    return CompletableFuture.allOf(sent);
  }
}
