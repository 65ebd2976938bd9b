package dev.celador.engine.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;

class LocalRateLimitStoreTest {

  private static final BucketKey KEY = new BucketKey("shop/api/per-user", "alice");

  private final FakeTicker ticker = new FakeTicker();
  private final LocalRateLimitStore store = new LocalRateLimitStore(ticker);

  @Test
  void tryAcquire_freshBucket_admitsBurstThenDenies() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 3);

    List<GcraResult> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(store.tryAcquire(KEY, rate));
    }

    assertThat(results).extracting(GcraResult::allowed).containsExactly(true, true, true, false);
    assertThat(results).extracting(GcraResult::remaining).containsExactly(2L, 1L, 0L, 0L);
    // Three requests queued 100 ms apart: the bucket is full again 300 ms from now.
    assertThat(results.get(2).resetAfterNanos()).isEqualTo(ms(300));
    // The fourth fits once the first of the three has drained: after one interval.
    assertThat(results.get(3).retryAfterNanos()).isEqualTo(ms(100));
  }

  @Test
  void tryAcquire_afterOneInterval_admitsExactlyOneMore() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 3);
    for (int i = 0; i < 3; i++) {
      store.tryAcquire(KEY, rate);
    }

    ticker.advance(Duration.ofMillis(99));
    assertThat(store.tryAcquire(KEY, rate).allowed()).isFalse();
    ticker.advance(Duration.ofMillis(1));
    assertThat(store.tryAcquire(KEY, rate).allowed()).isTrue();
    assertThat(store.tryAcquire(KEY, rate).allowed()).isFalse();
  }

  @Test
  void tryAcquire_longIdle_capsCreditAtBurst() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 3);
    store.tryAcquire(KEY, rate);

    ticker.advance(Duration.ofHours(1));

    assertThat(admittedInARow(rate, 100)).isEqualTo(3);
  }

  @Test
  void tryAcquire_differentKeyValues_useSeparateBuckets() {
    GcraRate rate = GcraRate.of(1, Duration.ofMinutes(1), 1);

    assertThat(store.tryAcquire(KEY, rate).allowed()).isTrue();
    assertThat(store.tryAcquire(KEY, rate).allowed()).isFalse();
    assertThat(store.tryAcquire(new BucketKey(KEY.limitId(), "bob"), rate).allowed()).isTrue();
    assertThat(store.tryAcquire(new BucketKey("shop/api/other", "alice"), rate).allowed()).isTrue();
  }

  @Test
  void refund_afterAdmission_givesTheRequestBack() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 2);
    store.tryAcquire(KEY, rate);
    store.tryAcquire(KEY, rate);
    assertThat(store.tryAcquire(KEY, rate).allowed()).isFalse();

    store.refund(KEY, rate);

    assertThat(store.tryAcquire(KEY, rate).allowed()).isTrue();
    assertThat(store.tryAcquire(KEY, rate).allowed()).isFalse();
  }

  @Test
  void refund_unknownBucket_doesNothing() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 2);

    store.refund(KEY, rate);

    assertThat(admittedInARow(rate, 10)).isEqualTo(2);
  }

  @Test
  void size_bucketsIdleForTheirHorizon_expire() {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 5); // horizon 500 ms
    for (int i = 0; i < 100; i++) {
      store.tryAcquire(new BucketKey(KEY.limitId(), "user-" + i), rate);
    }
    assertThat(store.size()).isEqualTo(100);

    ticker.advance(Duration.ofSeconds(2)); // past horizon and margin

    assertThat(store.size()).isZero();
  }

  @Test
  void size_moreKeysThanTheBound_staysBounded() {
    LocalRateLimitStore small = new LocalRateLimitStore(ticker, 1_000);
    GcraRate rate = GcraRate.of(1, Duration.ofHours(1), 1);

    for (int i = 0; i < 20_000; i++) {
      small.tryAcquire(new BucketKey(KEY.limitId(), "user-" + i), rate);
    }

    assertThat(small.size()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void tryAcquire_tenThousandDistinct64KiBKeys_storeStaysWithinItsBound() {
    LocalRateLimitStore small = new LocalRateLimitStore(ticker, 1_000);
    GcraRate rate = GcraRate.of(1, Duration.ofHours(1), 1);
    String padding = "k".repeat(64 * 1024 - 8);

    for (int i = 0; i < 10_000; i++) {
      small.tryAcquire(new BucketKey(KEY.limitId(), String.format("%08d", i) + padding), rate);
    }

    assertThat(small.size()).isLessThanOrEqualTo(1_000);
  }

  /** The store keeps a digest, so a long key (perhaps a credential) is not held once checked. */
  @Test
  void tryAcquire_longKey_storeHoldsNoReferenceToTheKeyValue() throws InterruptedException {
    GcraRate rate = GcraRate.of(1, Duration.ofHours(1), 1);
    String value = "api-key-".repeat(8 * 1024);
    WeakReference<String> held = new WeakReference<>(value);
    store.tryAcquire(new BucketKey(KEY.limitId(), value), rate);
    value = null;

    for (int i = 0; i < 50 && held.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(held.get()).isNull();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void tryAcquire_longKeysDifferingInTheLastCharacter_useSeparateBuckets() {
    GcraRate rate = GcraRate.of(1, Duration.ofMinutes(1), 1);
    String prefix = "x".repeat(64 * 1024);
    BucketKey a = new BucketKey(KEY.limitId(), prefix + "a");

    assertThat(store.tryAcquire(a, rate).allowed()).isTrue();
    assertThat(store.tryAcquire(new BucketKey(KEY.limitId(), prefix + "a"), rate).allowed())
        .isFalse();
    assertThat(store.tryAcquire(new BucketKey(KEY.limitId(), prefix + "b"), rate).allowed())
        .isTrue();
  }

  @Test
  void tryAcquire_storeFull_evictsTheBucketNearestToFullAndKeepsAnExhaustedOne() {
    LocalRateLimitStore small = new LocalRateLimitStore(ticker, 3);
    GcraRate rate = GcraRate.of(1, Duration.ofSeconds(10), 2); // horizon 20 s
    BucketKey exhausted = new BucketKey(KEY.limitId(), "exhausted");
    BucketKey older = new BucketKey(KEY.limitId(), "older");
    BucketKey newer = new BucketKey(KEY.limitId(), "newer");
    small.tryAcquire(exhausted, rate);
    small.tryAcquire(exhausted, rate);
    small.tryAcquire(older, rate);
    ticker.advance(Duration.ofSeconds(1));
    small.tryAcquire(newer, rate);

    small.tryAcquire(new BucketKey(KEY.limitId(), "fourth"), rate);

    // "older" was nearest to full, so it went: used again, it has its whole burst.
    assertThat(small.tryAcquire(older, rate).remaining()).isEqualTo(1);
    assertThat(small.tryAcquire(exhausted, rate).allowed()).isFalse();
  }

  /**
   * Exactness under contention with a deterministic clock: 32 threads hammer one key at every step
   * of half an interval over 5 periods. GCRA admits exactly burst + floor(elapsed / T), whatever
   * the interleaving: no lost update, no double spend.
   */
  @Test
  void tryAcquire_32ThreadsOneHotKeyFiveFakePeriods_admitsExactlyTheGcraBound() throws Exception {
    int threads = 32;
    int attemptsPerStep = 3;
    GcraRate rate = GcraRate.of(100, Duration.ofSeconds(1), 10); // T = 10 ms
    long step = rate.intervalNanos() / 2;
    int steps = (int) (Duration.ofSeconds(5).toNanos() / step) + 1; // t = 0 .. 5 s inclusive
    AtomicLong admitted = new AtomicLong();
    CyclicBarrier barrier = new CyclicBarrier(threads, () -> ticker.advanceNanos(step));
    long start = ticker.nanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int s = 0; s < steps; s++) {
                    for (int a = 0; a < attemptsPerStep; a++) {
                      if (store.tryAcquire(KEY, rate).allowed()) {
                        admitted.incrementAndGet();
                      }
                    }
                    barrier.await(10, TimeUnit.SECONDS);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long lastRequestAt = ticker.nanos() - step - start; // the barrier moved time once more
    long bound = rate.burst() + lastRequestAt / rate.intervalNanos();

    assertThat(lastRequestAt).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(bound).isEqualTo(10 + 5 * 100);
    assertThat(admitted.get()).isEqualTo(bound);
  }

  /**
   * The same on the real monotonic clock: the count can never exceed burst + floor((last - first) /
   * T), with first and last the times of the first and last check, and with 32 threads hammering it
   * comes close.
   */
  @Test
  void tryAcquire_32ThreadsOneHotKeyFiveRealPeriods_staysWithinTheGcraBound() throws Exception {
    Ticker system = Ticker.system();
    LocalRateLimitStore real = new LocalRateLimitStore(system);
    // Taken around each check, so they bracket the times the store read.
    LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
    LongAccumulator last = new LongAccumulator(Math::max, Long.MIN_VALUE);
    GcraRate rate = GcraRate.of(50, Duration.ofMillis(200), 10); // T = 4 ms, 5 periods = 1 s
    AtomicLong admitted = new AtomicLong();
    int threads = 32;
    CyclicBarrier ready = new CyclicBarrier(threads);
    long end = system.nanos() + Duration.ofMillis(1_000).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  ready.await(10, TimeUnit.SECONDS);
                  first.accumulate(system.nanos());
                  long after;
                  do {
                    if (real.tryAcquire(KEY, rate).allowed()) {
                      admitted.incrementAndGet();
                    }
                    after = system.nanos();
                  } while (after < end);
                  last.accumulate(after);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long bound = rate.burst() + (last.get() - first.get()) / rate.intervalNanos();

    assertThat(admitted.get()).isLessThanOrEqualTo(bound);
    // Capacity is lost while every thread stalls for burst × T (40 ms), which a loaded 2-core
    // machine does often (208 of 271 was seen under a parallel build): how much is lost is the
    // machine's doing, not the store's, so only "the store refills at all" is checked here. The
    // exact check is the fake-clock test above.
    assertThat(admitted.get()).isGreaterThan(rate.burst());
  }

  private int admittedInARow(GcraRate rate, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (store.tryAcquire(KEY, rate).allowed()) {
        admitted++;
      }
    }
    return admitted;
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
