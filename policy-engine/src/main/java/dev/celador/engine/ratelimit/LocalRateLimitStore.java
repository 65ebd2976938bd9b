package dev.celador.engine.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * GCRA buckets in this process's memory. Each bucket is one {@code long}, its theoretical arrival
 * time (TAT), updated by compare-and-set: no locks, and a request is admitted exactly when the
 * bucket has room for it, however many threads race.
 *
 * <p>Memory is bounded two ways. A bucket untouched for its horizon ({@code burst × T}) is full
 * again, which is the same as absent, so it expires then. Beyond {@code maxBuckets} live buckets
 * the least valuable are evicted, which forgets their state (such a key may then get up to {@code
 * burst} extra requests); size the store so this does not happen.
 */
public final class LocalRateLimitStore implements RateLimitStore {

  /** Default bound on live buckets: about 100 MB at worst. */
  public static final long DEFAULT_MAX_BUCKETS = 1_000_000;

  /** The TAT of a bucket nobody has used: any real time is later. */
  private static final long EMPTY = Long.MIN_VALUE;

  /**
   * Kept past the horizon, so that Caffeine's coarser bookkeeping of read times can never drop a
   * bucket that still holds state.
   */
  private static final long KEEP_MARGIN_NANOS = 1_000_000_000L;

  private static final VarHandle TAT;

  static {
    try {
      TAT = MethodHandles.lookup().findVarHandle(Bucket.class, "tat", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Ticker ticker;
  private final Cache<BucketKey, Bucket> buckets;

  public LocalRateLimitStore(Ticker ticker) {
    this(ticker, DEFAULT_MAX_BUCKETS);
  }

  public LocalRateLimitStore(Ticker ticker, long maxBuckets) {
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxBuckets)
            .ticker(ticker::nanos)
            .expireAfter(new UntilFull())
            // Maintenance on the calling thread: handing it to the common pool woke a thread
            // every few requests, which cost more than the maintenance itself.
            .executor(Runnable::run)
            .build();
  }

  /** Forgets every bucket, as if no request had been seen: policy tests start each case so. */
  public void clear() {
    buckets.invalidateAll();
  }

  @Override
  public CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate) {
    return CompletableFuture.completedFuture(tryAcquire(bucket, rate));
  }

  /** {@link #acquire} without the future: the local check on the hot path. */
  public GcraResult tryAcquire(BucketKey key, GcraRate rate) {
    // Read the time before the lookup, so the bucket's expiry (counted from the lookup) is never
    // earlier than the TAT written below: TAT <= now + horizon <= lookup time + horizon.
    long now = ticker.nanos();
    Bucket bucket = bucket(key, rate);
    long interval = rate.intervalNanos();
    long horizon = rate.horizonNanos();
    while (true) {
      long stored = (long) TAT.getVolatile(bucket);
      long tat = Math.max(stored, now);
      long next = tat + interval;
      long allowedFrom = next - horizon;
      if (allowedFrom > now) {
        return GcraResult.denied(allowedFrom - now, tat - now);
      }
      if (TAT.compareAndSet(bucket, stored, next)) {
        return GcraResult.admitted((now + horizon - next) / interval, next - now);
      }
    }
  }

  @Override
  public void refund(BucketKey key, GcraRate rate) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket == null) {
      return; // expired: already full
    }
    while (true) {
      long stored = (long) TAT.getVolatile(bucket);
      if (stored == EMPTY || TAT.compareAndSet(bucket, stored, stored - rate.intervalNanos())) {
        return;
      }
    }
  }

  /** Live buckets, for tests and metrics; approximate while requests run. */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(BucketKey key, GcraRate rate) {
    long keep = rate.horizonNanos() + KEEP_MARGIN_NANOS;
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket == null) {
      return buckets.get(key, k -> new Bucket(keep));
    }
    if (bucket.keepNanos != keep) {
      // The policy changed this limit's rate: re-arm the expiry with the new horizon.
      bucket.keepNanos = keep;
      buckets.put(key, bucket);
    }
    return bucket;
  }

  /** One bucket's state. */
  private static final class Bucket {
    @SuppressWarnings("unused") // accessed through TAT
    private volatile long tat = EMPTY;

    private volatile long keepNanos;

    Bucket(long keepNanos) {
      this.keepNanos = keepNanos;
    }
  }

  /** A bucket expires one horizon after it was last used: by then it is full again. */
  private static final class UntilFull implements Expiry<BucketKey, Bucket> {
    @Override
    public long expireAfterCreate(BucketKey key, Bucket bucket, long currentTime) {
      return bucket.keepNanos;
    }

    @Override
    public long expireAfterUpdate(
        BucketKey key, Bucket bucket, long currentTime, long currentDuration) {
      return bucket.keepNanos;
    }

    @Override
    public long expireAfterRead(
        BucketKey key, Bucket bucket, long currentTime, long currentDuration) {
      return bucket.keepNanos;
    }
  }
}
