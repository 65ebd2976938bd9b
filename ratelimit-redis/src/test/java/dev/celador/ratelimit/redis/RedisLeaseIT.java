package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import dev.celador.engine.internal.ratelimit.StoreTimeoutException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token leases against a real redis-server: replicas never admit more than the bucket allows, what
 * they lease and do not use goes back, limits of low rate never lease, and a lease outstanding when
 * Redis dies only spends what Redis had already spent.
 */
class RedisLeaseIT {

  /** 2,000 per second (T = 500 µs), burst 400: leased, 50 tokens at a time. */
  private static final GcraRate FAST = GcraRate.of(2_000, Duration.ofSeconds(1), 400);

  /** 1,000 per second (T = 1 ms), burst 1,000: leased, 64 tokens at a time. */
  private static final GcraRate KILO = GcraRate.of(1_000, Duration.ofSeconds(1), 1_000);

  private RedisServer server;
  private RedisClient adminClient;
  private RedisCommands<String, String> admin;
  private final List<RedisRateLimitStore> stores = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = RedisServer.start();
    adminClient = RedisClient.create(server.url());
    admin = adminClient.connect().sync(); // closed by the client's shutdown
  }

  @AfterEach
  void stop() throws Exception {
    stores.forEach(RedisRateLimitStore::close);
    adminClient.shutdown();
    server.close();
  }

  @Test
  void size_ofRatesAndShadows_onlyHighRateLargeBurstEnforcedBucketsLease() {
    BucketKey b = new BucketKey("shop/api/l", "k");
    assertThat(Leases.size(LimitCheck.enforced(b, FAST))).isEqualTo(50);
    assertThat(Leases.size(LimitCheck.enforced(b, KILO))).isEqualTo(64);
    assertThat(Leases.size(new LimitCheck(b, KILO, true))).as("shadow").isZero();
    assertThat(
            Leases.size(
                LimitCheck.enforced(b, GcraRate.of(1_000_000, Duration.ofSeconds(1), 1_000_000))))
        .as("a millisecond of refill")
        .isEqualTo(1_000);
    assertThat(
            Leases.size(
                LimitCheck.enforced(b, GcraRate.of(1_000_000, Duration.ofSeconds(1), 4_000))))
        .as("an eighth of the burst")
        .isEqualTo(500);
    assertThat(Leases.size(LimitCheck.enforced(b, GcraRate.of(999, Duration.ofSeconds(1), 999))))
        .as("T just above 1 ms")
        .isZero();
    assertThat(Leases.size(LimitCheck.enforced(b, GcraRate.of(1_000, Duration.ofSeconds(1), 15))))
        .as("burst too small for a lease of 2")
        .isZero();
    assertThat(Leases.size(LimitCheck.enforced(b, GcraRate.of(50, Duration.ofHours(1), 50))))
        .isZero();
  }

  @Test
  void acquire_threeReplicasHammerOneFastBucket_neverAboveGcraAndUnusedTokensReturned()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      started(Duration.ofSeconds(2));
    }
    BucketKey hot = new BucketKey("shop/api/fast", "all");
    int threadsPerReplica = 8;
    long runNanos = Duration.ofSeconds(1).toNanos();
    AtomicLong admitted = new AtomicLong();
    AtomicLong denied = new AtomicLong();
    int threads = stores.size() * threadsPerReplica;
    CyclicBarrier go = new CyclicBarrier(threads + 1);
    AtomicLong deadline = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      RedisRateLimitStore store = stores.get(t % stores.size());
      done.add(
          pool.submit(
              () -> {
                go.await(10, TimeUnit.SECONDS);
                while (System.nanoTime() - deadline.get() < 0) {
                  GcraResult r = store.acquire(hot, FAST).get(5, TimeUnit.SECONDS);
                  (r.allowed() ? admitted : denied).incrementAndGet();
                }
                return null;
              }));
    }
    long before = redisMicros();
    deadline.set(System.nanoTime() + runNanos);
    go.await(10, TimeUnit.SECONDS);
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    long after = redisMicros();
    pool.shutdown();

    // Every token a request used was spent in Redis within [before, after]: at most the GCRA
    // bound of that span, however the replicas leased them.
    long interval = FAST.intervalMicros();
    long bound = FAST.burst() + (after - before) / interval;
    long nominal = FAST.burst() + runNanos / 1_000 / interval;
    long leased = stores.stream().mapToLong(s -> s.stats().leased()).sum();
    System.out.printf(
        "redis leases: admitted %d (%d from leases), GCRA bound %d, 429s %d%n",
        admitted.get(), leased, bound, denied.get());
    assertThat(admitted.get()).isLessThanOrEqualTo(bound);
    // Held tokens cost at most one lease per replica; the span measured also holds stragglers.
    assertThat(admitted.get()).isGreaterThanOrEqualTo(nominal * 9 / 10 - 3 * 50);
    assertThat(leased).as("the bucket was leased").isPositive();
    assertThat(denied.get()).isPositive();
    // Once the leases expire, every token granted was either used or given back.
    for (RedisRateLimitStore store : stores) {
      awaitTrue(
          () -> {
            RedisRateLimitStore.LeaseStats l = store.leaseStats();
            return l.granted() == store.stats().leased() + l.returned();
          });
    }
    assertThat(stores.stream().mapToLong(s -> s.stats().failures()).sum()).isZero();
  }

  @Test
  void acquire_lowRateBucketUnderConcurrency_neverLeasedAndExact() throws Exception {
    RedisRateLimitStore store = started(Duration.ofSeconds(5));
    BucketKey hourly = new BucketKey("shop/api/hourly", "all");
    GcraRate fiftyAnHour = GcraRate.of(50, Duration.ofHours(1), 50);
    BucketKey shallow = new BucketKey("shop/api/shallow", "all");
    GcraRate smallBurst = GcraRate.of(1_000, Duration.ofSeconds(1), 15);
    BucketKey withShadow = new BucketKey("shop/api/hourly2", "all");
    BucketKey watched = new BucketKey("shop/api/watched", "all");

    long admittedHourly = 0;
    long admittedWithShadow = 0;
    for (int i = 0; i < 200; i++) {
      admittedHourly +=
          store.acquire(hourly, fiftyAnHour).get(5, TimeUnit.SECONDS).allowed() ? 1 : 0;
      store.acquire(shallow, smallBurst).get(5, TimeUnit.SECONDS);
      List<GcraResult> both =
          store
              .acquireAll(
                  List.of(
                      LimitCheck.enforced(withShadow, fiftyAnHour),
                      new LimitCheck(watched, KILO, true)))
              .get(5, TimeUnit.SECONDS);
      admittedWithShadow += both.get(0).allowed() ? 1 : 0;
    }

    assertThat(admittedHourly).isEqualTo(50);
    assertThat(admittedWithShadow).isEqualTo(50);
    assertThat(store.leaseStats().scripts()).isZero();
    assertThat(store.stats().leased()).isZero();
    // A fast bucket checked together with a slow one is not even tracked: the request is exact.
    BucketKey fast = new BucketKey("shop/api/fast", "all");
    for (int i = 0; i < 20; i++) {
      store
          .acquireAll(
              List.of(LimitCheck.enforced(fast, KILO), LimitCheck.enforced(hourly, fiftyAnHour)))
          .get(5, TimeUnit.SECONDS);
    }
    assertThat(store.leaseBuckets()).isZero();
    assertThat(store.leaseStats().scripts()).isZero();
  }

  @Test
  void acquireAll_twoFastBucketsOnlyOneLeased_exactPathThenBothOrNeitherFromLeases()
      throws Exception {
    RedisRateLimitStore store = started(Duration.ofSeconds(2));
    BucketKey tenant = new BucketKey("shop/api/tenant", "acme");
    BucketKey route = new BucketKey("shop/api/route", "orders");
    List<LimitCheck> both =
        List.of(LimitCheck.enforced(tenant, KILO), LimitCheck.enforced(route, KILO));
    leaseOnce(store, tenant);

    // The tenant's lease has tokens, the route has none: the request goes to Redis whole.
    assertThat(store.acquireAll(both).get(5, TimeUnit.SECONDS)).allMatch(GcraResult::allowed);
    assertThat(store.stats().leased()).isZero();

    for (int i = 0; i < 1_000 && store.stats().leased() == 0; i++) {
      assertThat(store.acquireAll(both).get(5, TimeUnit.SECONDS)).allMatch(GcraResult::allowed);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(store.acquireAll(both).get(5, TimeUnit.SECONDS)).allMatch(GcraResult::allowed);
    }
    // Leased checks come in pairs: a request takes a token of each bucket or of neither.
    assertThat(store.stats().leased()).isPositive().isEven();
  }

  @Test
  void lease_expiresWithTokensUnused_unusedTokensGivenBackToRedis() throws Exception {
    RedisRateLimitStore store = started(Duration.ofSeconds(2));
    BucketKey bucket = new BucketKey("shop/api/kilo", "all");
    String key = new RedisKeys(RedisStoreConfig.DEFAULT_KEY_PREFIX).of(bucket);
    // The bucket 800 ms behind (200 tokens left) so that its TAT outlives the test.
    long now = redisMicros();
    admin.psetex(key, 900, Long.toString(now + 800_000));

    long granted = leaseOnce(store, bucket);
    long leasedTat = Long.parseLong(admin.get(key));

    // Nothing uses the lease: once it expires, every token goes back and the TAT with them.
    awaitTrue(() -> store.leaseStats().returned() == granted);
    awaitTrue(() -> Long.parseLong(admin.get(key)) == leasedTat - granted * KILO.intervalMicros());
    assertThat(store.stats().leased()).isZero();
    // Idle, the bucket is forgotten.
    awaitTrue(() -> store.leaseBuckets() == 0);
  }

  @Test
  void acquire_redisKilledWithLeaseOutstanding_onlyLeasedTokensThenFailures() throws Exception {
    RedisRateLimitStore store = started(Duration.ofMillis(200));
    BucketKey bucket = new BucketKey("shop/api/outage", "all");
    long granted = leaseOnce(store, bucket);

    server.kill();
    long scriptsBefore = store.leaseStats().scripts();
    long outageStart = System.nanoTime();
    long admitted = 0;
    long failed = 0;
    for (int i = 0; i < 200; i++) {
      try {
        admitted += store.acquire(bucket, KILO).get(5, TimeUnit.SECONDS).allowed() ? 1 : 0;
      } catch (ExecutionException e) {
        failed++;
      }
    }
    // Only tokens Redis spent before it died: the lease, never more.
    assertThat(admitted).isLessThanOrEqualTo(granted);
    assertThat(failed).isPositive();
    // A failed lease script quiets its bucket for a lifetime, so the failing checks do not each
    // add one: at most one per lifetime of the outage, and the one in flight.
    long outageLifetimes = (System.nanoTime() - outageStart) / Leases.LIFETIME.toNanos();
    assertThat(store.leaseStats().scripts() - scriptsBefore)
        .as("lease scripts sent to the dead Redis in %d lifetimes", outageLifetimes)
        .isLessThanOrEqualTo(outageLifetimes + 2);
    Thread.sleep(Leases.LIFETIME.toMillis() + 50);
    // Past its lifetime a lease answers nothing: every check meets the store failure.
    for (int i = 0; i < 20; i++) {
      assertThat(store.acquire(bucket, KILO))
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .isInstanceOf(ExecutionException.class);
    }
    assertThat(store.stats().leased()).isLessThanOrEqualTo(granted);
  }

  @Test
  void acquire_redisStalledWithLeaseOutstanding_onlyLeasedTokensThenTimeoutsThenRecovers()
      throws Exception {
    RedisRateLimitStore store = started(Duration.ofMillis(100));
    BucketKey bucket = new BucketKey("shop/api/stall", "all");
    long granted = leaseOnce(store, bucket);

    server.signal("STOP"); // connections stay open; nothing answers
    long admitted = 0;
    long timedOut = 0;
    try {
      for (int i = 0; i < granted + 10; i++) {
        try {
          admitted += store.acquire(bucket, KILO).get(5, TimeUnit.SECONDS).allowed() ? 1 : 0;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(StoreTimeoutException.class);
          timedOut++;
        }
      }
    } finally {
      server.signal("CONT");
    }
    // The lease's tokens, then timeouts: the limit's failureMode decides, as without leases.
    assertThat(admitted).isLessThanOrEqualTo(granted);
    assertThat(timedOut).isGreaterThanOrEqualTo(10);
    awaitTrue(
        () -> {
          try {
            return store.acquire(bucket, KILO).join().allowed();
          } catch (CompletionException e) {
            return false; // a check that met the stall's tail
          }
        });
  }

  /**
   * Checks {@code bucket} (at {@link #KILO}) until the store asks for a lease, then waits for it;
   * the tokens granted. No other lease follows: only requests ask for them.
   */
  private static long leaseOnce(RedisRateLimitStore store, BucketKey bucket) throws Exception {
    for (int i = 0; i < 1_000 && store.leaseStats().scripts() == 0; i++) {
      assertThat(store.acquire(bucket, KILO).get(5, TimeUnit.SECONDS).allowed()).isTrue();
    }
    assertThat(store.leaseStats().scripts()).isEqualTo(1);
    awaitTrue(() -> store.leaseStats().granted() > 0);
    return store.leaseStats().granted();
  }

  private RedisRateLimitStore started(Duration timeout) throws InterruptedException {
    RedisRateLimitStore store =
        RedisRateLimitStore.start(RedisStoreConfig.of(server.url()).withTimeout(timeout));
    stores.add(store); // closed after the test
    assertThat(store.awaitReady(Duration.ofSeconds(10))).isTrue();
    return store;
  }

  private long redisMicros() {
    List<String> time = admin.time();
    return Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
      Thread.sleep(5);
    }
  }
}
