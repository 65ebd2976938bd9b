package dev.celador.engine.internal.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GCRA buckets in this process's memory. Each bucket is one {@code long}, its theoretical arrival
 * time (TAT), updated by compare-and-set: no locks, and a request is admitted exactly when the
 * bucket has room for it, however many threads race.
 *
 * <p>A bucket whose TAT has passed is full again, which is the same as absent, so it can be dropped
 * without losing anything; sweeps do that, amortized over the inserts (a sweep walks every bucket
 * on the inserting thread: with a million keys, tens of milliseconds once per million new keys). A
 * lookup writes nothing but the TAT: an expiring cache (Caffeine, before) also wrote access times
 * and expiry bookkeeping into every looked-up entry, which two threads checking one hot key paid
 * for in cache misses.
 *
 * <p>Memory is bounded by {@code maxBuckets}. When that many hold state, an insert evicts the
 * bucket nearest to full among a sample, which forgets its state (such a key may then get up to
 * {@code burst} extra requests); size the store so this does not happen. A bucket is stored under
 * its limit and the {@link KeyDigest} of its key value, never the value itself, so every bucket
 * costs the same whatever its key: about {@value #BYTES_PER_BUCKET} bytes (the map's node and table
 * slot, the 16-byte digest with its limit, the TAT), and the whole store at most {@code maxBuckets}
 * times that. A client sending 60 KB keys fills it no faster than one sending 6-byte keys.
 */
public final class LocalRateLimitStore implements RateLimitStore {

  /**
   * Upper estimate of one bucket's heap, with compressed references: map node 32, table slot up to
   * 11, key (limit reference and two longs) 32, bucket 24.
   */
  public static final int BYTES_PER_BUCKET = 100;

  /** Default bound on live buckets: about 100 MB at worst. */
  public static final long DEFAULT_MAX_BUCKETS = 1_000_000;

  /** The TAT of a bucket nobody has used: any real time is later. */
  private static final long EMPTY = Long.MIN_VALUE;

  /**
   * A bucket is dropped this long after its TAT has passed. A request racing the sweep can still
   * write into a bucket just dropped, and its key then gets one request more than its limit: the
   * same race any expiring store has.
   */
  private static final long KEEP_MARGIN_NANOS = 1_000_000_000L;

  /** Inserts between sweeps at least, so a small store is not swept on every few inserts. */
  private static final long MIN_SWEEP_AFTER = 1024;

  /** Buckets looked at to choose one to evict when the store is full. */
  private static final int EVICTION_SAMPLE = 32;

  private static final VarHandle TAT;

  static {
    try {
      TAT = MethodHandles.lookup().findVarHandle(Bucket.class, "tat", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Ticker ticker;
  private final long maxBuckets;
  private final Map<StoredKey, Bucket> buckets = new ConcurrentHashMap<>();
  // Inserts since the last sweep; a sweep runs once they outnumber the buckets it left, so stale
  // buckets never outnumber live ones by much and sweeping costs O(1) per insert.
  private final AtomicLong insertsSinceSweep = new AtomicLong();
  private volatile long sweepAfter = MIN_SWEEP_AFTER;
  // Where eviction samples next; only used when the store is full.
  private final Object evictionCursorLock = new Object();
  private Iterator<Map.Entry<StoredKey, Bucket>> evictionCursor;

  public LocalRateLimitStore(Ticker ticker) {
    this(ticker, DEFAULT_MAX_BUCKETS);
  }

  public LocalRateLimitStore(Ticker ticker, long maxBuckets) {
    if (maxBuckets < 1) {
      throw new IllegalArgumentException("maxBuckets must be positive: " + maxBuckets);
    }
    this.ticker = ticker;
    this.maxBuckets = maxBuckets;
  }

  /** Forgets every bucket, as if no request had been seen: policy tests start each case so. */
  public void clear() {
    buckets.clear();
  }

  @Override
  public CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate) {
    return CompletableFuture.completedFuture(tryAcquire(bucket, rate));
  }

  /**
   * Spends the enforced checks one by one and gives back the ones already spent when one is over: a
   * concurrent request may see a bucket spent for that instant, as when two requests race.
   */
  @Override
  public CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> checks) {
    GcraResult[] results = new GcraResult[checks.size()];
    boolean admitted = true;
    for (int i = 0; i < results.length; i++) {
      LimitCheck check = checks.get(i);
      if (!check.shadow()) {
        results[i] = tryAcquire(check.bucket(), check.rate());
        admitted &= results[i].allowed();
      }
    }
    for (int i = 0; i < results.length; i++) {
      LimitCheck check = checks.get(i);
      if (admitted && check.shadow()) {
        results[i] = tryAcquire(check.bucket(), check.rate());
      } else if (!admitted && !check.shadow() && results[i].allowed()) {
        refund(check.bucket(), check.rate());
      }
    }
    return CompletableFuture.completedFuture(Arrays.asList(results));
  }

  /** {@link #acquire} without the future: the local check on the hot path. */
  public GcraResult tryAcquire(BucketKey bucketKey, GcraRate rate) {
    long now = ticker.nanos();
    StoredKey key = StoredKey.of(bucketKey);
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = insert(key, now);
    }
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
    Bucket bucket = buckets.get(StoredKey.of(key));
    if (bucket == null) {
      return; // dropped: already full
    }
    while (true) {
      long stored = (long) TAT.getVolatile(bucket);
      if (stored == EMPTY || TAT.compareAndSet(bucket, stored, stored - rate.intervalNanos())) {
        return;
      }
    }
  }

  /** Buckets that hold state, for tests and metrics; sweeps the full ones first. */
  public long size() {
    sweep(ticker.nanos());
    return buckets.size();
  }

  private Bucket insert(StoredKey key, long now) {
    if (insertsSinceSweep.incrementAndGet() > sweepAfter) {
      sweep(now);
    }
    // A full store evicts from a sample rather than sweeping: a sweep per insert would walk every
    // bucket on every new key once the store is full.
    while (buckets.size() >= maxBuckets && evictNearestToFull()) {
      // one per pass: the sample is re-taken after each eviction
    }
    return buckets.computeIfAbsent(key, k -> new Bucket());
  }

  /** Drops every bucket that is full again; concurrent sweeps only repeat each other's work. */
  private void sweep(long now) {
    insertsSinceSweep.set(0);
    long cutoff = now - KEEP_MARGIN_NANOS;
    buckets.values().removeIf(bucket -> (long) TAT.getVolatile(bucket) < cutoff);
    sweepAfter = Math.max(MIN_SWEEP_AFTER, buckets.size());
  }

  /**
   * Evicts, among a sample, the bucket with the least state: the earliest TAT. The sample is taken
   * where the previous one ended, since a fresh iterator would walk over the table's emptied front
   * on every eviction.
   */
  private boolean evictNearestToFull() {
    Map.Entry<StoredKey, Bucket> victim = null;
    synchronized (evictionCursorLock) {
      long earliest = Long.MAX_VALUE;
      int sample = (int) Math.min(EVICTION_SAMPLE, buckets.size());
      for (int i = 0; i < sample; i++) {
        if (evictionCursor == null || !evictionCursor.hasNext()) {
          evictionCursor = buckets.entrySet().iterator();
          if (!evictionCursor.hasNext()) {
            break;
          }
        }
        Map.Entry<StoredKey, Bucket> entry = evictionCursor.next();
        long tat = (long) TAT.getVolatile(entry.getValue());
        if (tat < earliest) {
          earliest = tat;
          victim = entry;
        }
      }
    }
    return victim != null && buckets.remove(victim.getKey(), victim.getValue());
  }

  /**
   * What a bucket is stored under: its limit (one string per limit, shared by all its buckets) and
   * the digest of its key value, flattened so the key is one small object.
   */
  private record StoredKey(String limitId, long high, long low) {
    static StoredKey of(BucketKey bucket) {
      KeyDigest digest = KeyDigest.of(bucket.value());
      return new StoredKey(bucket.limitId(), digest.high(), digest.low());
    }
  }

  /** One bucket's state. */
  private static final class Bucket {
    @SuppressWarnings("unused") // accessed through TAT
    private volatile long tat = EMPTY;
  }
}
