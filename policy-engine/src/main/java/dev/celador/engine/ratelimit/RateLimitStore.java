package dev.celador.engine.ratelimit;

import java.util.concurrent.CompletableFuture;

/**
 * Where GCRA buckets live: in this process ({@link LocalRateLimitStore}) or shared between replicas
 * (the Redis store of the {@code ratelimit-redis} module). Implementations are thread-safe.
 */
public interface RateLimitStore {

  /**
   * Admits one request if the bucket allows it, atomically; a denied request spends nothing. The
   * future completes exceptionally when the store cannot answer (unreachable, timed out); it must
   * always complete, within the store's own timeout.
   */
  CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate);

  /**
   * Gives back one request admitted earlier, when another limit denied the same request. Best
   * effort and asynchronous: a refund that fails only leaves the bucket stricter than it should be.
   */
  void refund(BucketKey bucket, GcraRate rate);
}
