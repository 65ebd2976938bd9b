package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis store against a real redis-server: GCRA, keys, scripts, auth and timeouts. */
class RedisRateLimitStoreIT {

  private static RedisServer server;
  private static RedisClient adminClient;
  private static StatefulRedisConnection<String, String> adminConnection;
  private static RedisCommands<String, String> admin;

  private RedisRateLimitStore store;
  private final BucketKey bucket = new BucketKey("shop/api/per-key", "secret-api-key-123");

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
    adminClient = RedisClient.create(server.url());
    adminConnection = adminClient.connect();
    admin = adminConnection.sync();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (adminConnection != null) {
      adminConnection.close();
      adminClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void connect() throws InterruptedException {
    admin.flushall();
    store = RedisRateLimitStore.start(RedisStoreConfig.of(server.url()));
    assertThat(store.awaitConnected(Duration.ofSeconds(10))).isTrue();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void acquire_freshBucket_admitsBurstThenDenies() throws Exception {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 3);

    List<GcraResult> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(store.acquire(bucket, rate).get());
    }

    assertThat(results).extracting(GcraResult::allowed).containsExactly(true, true, true, false);
    assertThat(results).extracting(GcraResult::remaining).containsExactly(2L, 1L, 0L, 0L);
    // Redis time moves between the calls, so the waits are at most one interval (100 ms).
    assertThat(results.get(3).retryAfterNanos())
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(results.get(2).resetAfterNanos())
        .isGreaterThan(Duration.ofMillis(250).toNanos())
        .isLessThanOrEqualTo(Duration.ofMillis(300).toNanos());
  }

  @Test
  void acquire_afterTheRetryAfter_admitsAgain() throws Exception {
    GcraRate rate = GcraRate.of(20, Duration.ofSeconds(1), 1);
    assertThat(store.acquire(bucket, rate).get().allowed()).isTrue();
    GcraResult denied = store.acquire(bucket, rate).get();
    assertThat(denied.allowed()).isFalse();

    TimeUnit.NANOSECONDS.sleep(denied.retryAfterNanos() + 1_000_000);

    assertThat(store.acquire(bucket, rate).get().allowed()).isTrue();
  }

  @Test
  void acquire_storesOneHashTaggedKeyWithoutTheValueExpiringAtTheHorizon() throws Exception {
    GcraRate rate = GcraRate.of(10, Duration.ofMinutes(1), 5); // T = 6 s

    store.acquire(bucket, rate).get();

    List<String> keys = admin.keys("*");
    assertThat(keys)
        .singleElement()
        .asString()
        .matches("celador:rl:\\{shop/api/per-key/[A-Za-z0-9_-]{22}\\}");
    assertThat(keys.get(0)).doesNotContain("secret");
    // After one request the bucket is full again one interval later.
    assertThat(admin.pttl(keys.get(0))).isBetween(5_000L, 6_000L);
  }

  @Test
  void refund_afterAdmission_givesTheRequestBack() throws Exception {
    GcraRate rate = GcraRate.of(1, Duration.ofMinutes(1), 1);
    assertThat(store.acquire(bucket, rate).get().allowed()).isTrue();

    store.refund(bucket, rate);

    assertThat(eventuallyAdmitted(rate)).isTrue();
    assertThat(store.acquire(bucket, rate).get().allowed()).isFalse();
  }

  @Test
  void acquire_afterScriptFlush_reloadsTheScript() throws Exception {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 2);
    store.acquire(bucket, rate).get();

    admin.scriptFlush();

    assertThat(store.acquire(bucket, rate).get().allowed()).isTrue();
    assertThat(store.acquire(bucket, rate).get().allowed()).isFalse();
  }

  @Test
  void acquire_redisHangs_failsWithinTheTimeout() throws Exception {
    GcraRate rate = GcraRate.of(10, Duration.ofSeconds(1), 2);
    store.acquire(bucket, rate).get();
    server.signal("STOP");
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.acquire(bucket, rate).get(2, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(tookMillis).isLessThan(50 + 150); // the 50 ms timeout, plus scheduling slack
    } finally {
      server.signal("CONT");
    }
    assertThat(store.stats().failures()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void acquire_passwordInUrl_authenticates() throws Exception {
    try (RedisServer secured = RedisServer.start("s3cret");
        RedisRateLimitStore authed =
            RedisRateLimitStore.start(RedisStoreConfig.of(secured.url()))) {
      assertThat(authed.awaitConnected(Duration.ofSeconds(10))).isTrue();
      assertThat(authed.acquire(bucket, GcraRate.of(1, Duration.ofSeconds(1), 1)).get().allowed())
          .isTrue();

      try (RedisRateLimitStore wrong =
          RedisRateLimitStore.start(
              RedisStoreConfig.of("redis://127.0.0.1:" + secured.port())
                  .withCredentials(null, "wrong".toCharArray()))) {
        assertThat(wrong.awaitConnected(Duration.ofMillis(500))).isFalse();
        assertThatThrownBy(
                () -> wrong.acquire(bucket, GcraRate.of(1, Duration.ofSeconds(1), 1)).get())
            .hasMessageContaining("not connected");
      }
    }
  }

  @Test
  void config_tlsUrlAndSecrets_areAcceptedAndNeverPrinted() {
    RedisStoreConfig config = RedisStoreConfig.of("rediss://user:hunter2@redis.example:6380/2");

    assertThat(config.toString()).doesNotContain("hunter2").contains("rediss://***@redis.example");
    assertThat(io.lettuce.core.RedisURI.create(config.url()).isSsl()).isTrue();
    assertThatThrownBy(() -> RedisStoreConfig.of("http://redis:6379"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private boolean eventuallyAdmitted(GcraRate rate) throws Exception {
    // The refund is asynchronous; it lands within a round trip and, here, empties the bucket.
    for (int i = 0; i < 200 && !admin.keys("*").isEmpty(); i++) {
      Thread.sleep(5);
    }
    return store.acquire(bucket, rate).get().allowed();
  }
}
