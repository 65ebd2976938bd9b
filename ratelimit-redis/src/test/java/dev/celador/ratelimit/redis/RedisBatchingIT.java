package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent requests through one store against a real redis-server: their checks share script
 * runs (each bucket read and written once per run), and still each request is decided on its own,
 * all-or-nothing, exactly as if it had its own script.
 */
class RedisBatchingIT {

  private static final GcraRate HOURLY = GcraRate.of(1, Duration.ofHours(1), 1);

  private RedisServer server;
  private RedisClient adminClient;
  private StatefulRedisConnection<String, String> adminConnection;
  private RedisCommands<String, String> admin;
  private RedisRateLimitStore store;

  @BeforeEach
  void start() throws Exception {
    server = RedisServer.start();
    adminClient = RedisClient.create(server.url());
    adminConnection = adminClient.connect();
    admin = adminConnection.sync();
    // Generous: this test counts; a loaded 2-core machine must not turn checks into timeouts.
    store =
        RedisRateLimitStore.start(
            RedisStoreConfig.of(server.url()).withTimeout(Duration.ofSeconds(5)));
    assertThat(store.awaitReady(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    adminConnection.close();
    adminClient.shutdown();
    server.close();
  }

  @Test
  void acquireAll_manyConcurrentRequestsOnOneKey_exactlyTheBurstAdmittedInFewScripts()
      throws Exception {
    BucketKey hot = new BucketKey("shop/api/global", "all");
    GcraRate rate = GcraRate.of(1, Duration.ofHours(1), 300);
    int threads = 8;
    int each = 125;

    List<GcraResult> results =
        concurrently(threads, each, i -> List.of(LimitCheck.enforced(hot, rate)));

    List<GcraResult> admitted = results.stream().filter(GcraResult::allowed).toList();
    assertThat(admitted).hasSize(300);
    // Each admitted request saw the bucket one fuller than the one before it: every count once.
    assertThat(admitted)
        .extracting(GcraResult::remaining)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 300).boxed().toList());
    assertThat(results.stream().filter(r -> !r.allowed()))
        .hasSize(threads * each - 300)
        .allSatisfy(r -> assertThat(r.retryAfterNanos()).isPositive());
    assertThat(scriptRuns()).isLessThan(threads * each / 2);
  }

  @Test
  void acquireAll_requestsSharingOneHotBucket_eachAllOrNothingWithShadowOnlyWhenAdmitted()
      throws Exception {
    BucketKey hot = new BucketKey("shop/api/tenant", "acme");
    BucketKey watched = new BucketKey("shop/api/watch", "acme");
    GcraRate hotRate = GcraRate.of(1, Duration.ofHours(1), 5);
    GcraRate watchedRate = GcraRate.of(1, Duration.ofHours(1), 3);
    int threads = 4;
    int each = 10;

    List<GcraResult> results =
        concurrently(
            threads,
            each,
            i ->
                List.of(
                    LimitCheck.enforced(hot, hotRate),
                    LimitCheck.enforced(new BucketKey("shop/api/user", "user-" + i), HOURLY),
                    new LimitCheck(watched, watchedRate, true)));

    int admitted = 0;
    int shadowAdmitted = 0;
    for (int r = 0; r < results.size(); r += 3) {
      boolean allowed = results.get(r).allowed() && results.get(r + 1).allowed();
      admitted += allowed ? 1 : 0;
      GcraResult shadow = results.get(r + 2);
      if (allowed) {
        assertThat(shadow).isNotNull();
        shadowAdmitted += shadow.allowed() ? 1 : 0;
      } else {
        assertThat(shadow).as("shadow checked only for admitted requests").isNull();
      }
    }
    assertThat(admitted).isEqualTo(5);
    assertThat(shadowAdmitted).isEqualTo(3);
    // A denied request spent none of its buckets: only the admitted requests' users have one.
    assertThat(admin.keys("celador:rl:{shop/api/user/*")).hasSize(5);
  }

  @Test
  void acquireAll_oneBucketAtTwoRatesInOneRun_bothSeeOneCount() throws Exception {
    // During a policy reload a bucket can be checked at its old and its new rate in one run.
    BucketKey bucket = new BucketKey("shop/api/reloaded", "k");
    GcraRate before = GcraRate.of(1, Duration.ofHours(1), 4);
    GcraRate after = GcraRate.of(1, Duration.ofHours(1), 6);

    List<GcraResult> results =
        concurrently(4, 5, i -> List.of(LimitCheck.enforced(bucket, i % 2 == 0 ? before : after)));

    // One TAT: burst 4 admits at most 4, burst 6 at most 6, together never more than 6.
    long admitted = results.stream().filter(GcraResult::allowed).count();
    assertThat(admitted).isBetween(4L, 6L);
    assertThat(admin.keys("celador:rl:{shop/api/reloaded/*")).hasSize(1);
  }

  /** Check lists indexed by request number. */
  private interface Requests {
    List<LimitCheck> checks(int request);
  }

  /**
   * Sends {@code threads × each} requests, each thread all of its own at once without waiting (so
   * they queue behind the scripts in flight and share runs); the results of all checks in request
   * order.
   */
  private List<GcraResult> concurrently(int threads, int each, Requests requests) throws Exception {
    CyclicBarrier go = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<CompletableFuture<List<GcraResult>>>>> sent = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * each;
        sent.add(
            pool.submit(
                () -> {
                  go.await(10, TimeUnit.SECONDS);
                  List<CompletableFuture<List<GcraResult>>> futures = new ArrayList<>();
                  for (int i = first; i < first + each; i++) {
                    futures.add(store.acquireAll(requests.checks(i)));
                  }
                  return futures;
                }));
      }
      List<GcraResult> results = new ArrayList<>();
      for (Future<List<CompletableFuture<List<GcraResult>>>> thread : sent) {
        for (CompletableFuture<List<GcraResult>> request : thread.get(30, TimeUnit.SECONDS)) {
          results.addAll(request.get(30, TimeUnit.SECONDS));
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private long scriptRuns() {
    Matcher calls =
        Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(admin.info("commandstats"));
    assertThat(calls.find()).isTrue();
    return Long.parseLong(calls.group(1));
  }
}
