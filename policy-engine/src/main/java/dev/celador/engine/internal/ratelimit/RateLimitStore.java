package dev.celador.engine.internal.ratelimit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where GCRA buckets live: in this process ({@link LocalRateLimitStore}) or shared between replicas
 * (the Redis store of the {@code ratelimit-redis} module). Implementations are thread-safe and
 * never block the caller.
 */
public interface RateLimitStore {

  /**
   * Checks the limits of one request that live in this store, together: the enforced ones are
   * all-or-nothing (if one is over, none is spent); the shadow ones only if every enforced one
   * admitted, each on its own. The results are in the order of {@code checks}: every enforced check
   * has one (an admitted one was not spent if another was over); a shadow check that was not made
   * (an enforced one was over) has null.
   *
   * <p>The future completes exceptionally when the store cannot answer (unreachable, timed out):
   * then nothing is known to be spent, except what a {@link StoreTimeoutException}'s late reply
   * reports. It always completes within the store's own timeout, from a timer, never by blocking a
   * thread.
   */
  CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> checks);

  /**
   * Which call a check may share with the other checks of its request: {@link #acquireAll} gets
   * only checks of one group. One group (0) unless the store is partitioned (a Redis Cluster's hash
   * slots); then limits in different groups are checked in parallel calls, all-or-nothing across
   * them by refunds.
   */
  default int group(BucketKey bucket) {
    return 0;
  }

  /** One enforced check; see {@link #acquireAll}. */
  default CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate) {
    return acquireAll(List.of(LimitCheck.enforced(bucket, rate))).thenApply(r -> r.get(0));
  }

  /**
   * Gives back one request admitted earlier, when another store's limit denied the same request.
   * Best effort and asynchronous: a refund that fails only leaves the bucket stricter than it
   * should be.
   */
  void refund(BucketKey bucket, GcraRate rate);
}
