package dev.celador.benchmarks;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LocalRateLimitStore;
import dev.celador.engine.internal.ratelimit.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of a check on a new key when the local rate-limit store is at its bound, so every call
 * evicts a bucket (target: a few microseconds, like an insert into a store with room; an eviction
 * that walked the whole store once took about 1 ms per new key at 100,000 buckets).
 *
 * <p>Every bucket holds an hour of state, so none expires during the run and sweeps find nothing to
 * drop. The keys cycle through a pool ten times the bound, so a key has almost always been evicted
 * by the time it comes back.
 *
 * <p>Run it with its baseline, a check on known keys: {@code ./mvnw -q -pl benchmarks -am package
 * -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * 'FullRateLimitStoreBenchmark|LocalRateLimitBenchmark.check' -p outcome=admit -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FullRateLimitStoreBenchmark {

  @Param({"100000"})
  public int maxBuckets;

  private LocalRateLimitStore store;
  private GcraRate rate;
  private BucketKey[] pool;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    store = new LocalRateLimitStore(Ticker.system(), maxBuckets);
    rate = GcraRate.of(1, Duration.ofHours(1), 1);
    pool = new BucketKey[maxBuckets * 10];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new BucketKey("shop/api/per-user", "user-" + i);
    }
    for (int i = 0; i < maxBuckets; i++) {
      store.tryAcquire(pool[i], rate);
    }
    next = maxBuckets;
    if (store.size() != maxBuckets) {
      throw new IllegalStateException("store not full: " + store.size());
    }
  }

  @Benchmark
  public GcraResult checkNewKeyInFullStore() {
    int i = next;
    next = i + 1 == pool.length ? 0 : i + 1;
    return store.tryAcquire(pool[i], rate);
  }
}
