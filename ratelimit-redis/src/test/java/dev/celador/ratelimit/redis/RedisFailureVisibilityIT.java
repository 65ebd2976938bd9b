package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * A Redis the store cannot use is never silent: with a wrong password (a real redis-server with
 * requirepass) or nothing listening, checks fail by the limit's failureMode, and every failure is
 * counted by cause, kept for readiness and handed to the listener, never with the password.
 */
class RedisFailureVisibilityIT {

  private static final String PASSWORD = "right-horse-battery";
  private static final String WRONG = "wrong-horse-battery";

  private final ConcurrentLinkedQueue<StoreFailure> reported = new ConcurrentLinkedQueue<>();

  private PolicyEngine engine(RedisRateLimitStore store) throws Exception {
    PolicyEngine engine =
        PolicyEngine.create(Clock.systemUTC(), RateLimitBackends.local().withRedis(store));
    LoadResult loaded = engine.reload(List.of(Replicas.writePolicies(RedisOutageIT.POLICIES)));
    assertThat(loaded.hasErrors()).as(loaded.render()).isFalse();
    return engine;
  }

  private static void awaitFailure(RedisRateLimitStore store) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.stats().lastFailure() == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void check_wrongPassword_failsByFailureModeAndReportsAuthWithoutThePassword() throws Exception {
    try (RedisServer server = RedisServer.start(PASSWORD);
        RedisRateLimitStore store =
            RedisRateLimitStore.start(
                RedisStoreConfig.of("redis://127.0.0.1:" + server.port())
                    .withCredentials(null, WRONG.toCharArray()),
                reported::add)) {
      awaitFailure(store);
      PolicyEngine engine = engine(store);

      Decision closed = engine.evaluate(Replicas.request("strict.shop", "alice"), false);
      Decision open = engine.evaluate(Replicas.request("lenient.shop", "alice"), false);

      assertThat(closed.allowed()).isFalse();
      assertThat(closed.status()).isEqualTo(503);
      assertThat(open.allowed()).isTrue();
      RedisRateLimitStore.Stats stats = store.stats();
      assertThat(stats.connected()).isFalse();
      assertThat(stats.lastFailure().cause()).isEqualTo(StoreFailure.Cause.AUTH);
      assertThat(stats.lastFailure().message()).contains("WRONGPASS");
      assertThat(stats.failures()).isEqualTo(2);
      assertThat(store.failures(StoreFailure.Cause.AUTH)).isGreaterThanOrEqualTo(3);
      assertThat(reported).isNotEmpty();
      assertThat(reported)
          .allSatisfy(f -> assertThat(f.cause()).isEqualTo(StoreFailure.Cause.AUTH));
      assertThat(reported).noneSatisfy(f -> assertThat(f.message()).contains(WRONG));
      assertThat(String.join(" ", closed.reasons())).doesNotContain(WRONG).contains("WRONGPASS");
    }
  }

  @Test
  void check_passwordInTheUrlWrong_maskedInEveryMessage() throws Exception {
    try (RedisServer server = RedisServer.start(PASSWORD);
        RedisRateLimitStore store =
            RedisRateLimitStore.start(
                RedisStoreConfig.of("redis://:" + WRONG + "@127.0.0.1:" + server.port()),
                reported::add)) {
      awaitFailure(store);

      assertThat(store.stats().lastFailure().cause()).isEqualTo(StoreFailure.Cause.AUTH);
      assertThat(reported).noneSatisfy(f -> assertThat(f.message()).contains(WRONG));
      assertThat(store.toString()).doesNotContain(WRONG);
    }
  }

  @Test
  void check_nothingListening_reportsConnectUntilACheckSucceeds() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      server.kill();
      try (RedisRateLimitStore store =
          RedisRateLimitStore.start(RedisStoreConfig.of(server.url()), reported::add)) {
        awaitFailure(store);
        PolicyEngine engine = engine(store);
        Decision down = engine.evaluate(Replicas.request("strict.shop", "bob"), false);

        assertThat(down.status()).isEqualTo(503);
        assertThat(store.stats().lastFailure().cause()).isEqualTo(StoreFailure.Cause.CONNECT);
        assertThat(store.stats().lastFailure().message())
            .contains(":" + server.port())
            .contains("Connection refused");
        assertThat(store.failures(StoreFailure.Cause.CONNECT)).isGreaterThanOrEqualTo(2);

        server.restart();
        assertThat(store.awaitConnected(Duration.ofSeconds(10))).isTrue();
        Decision up = engine.evaluate(Replicas.request("strict.shop", "bob"), false);

        assertThat(up.allowed()).isTrue();
        assertThat(store.stats().lastFailure()).isNull();
        assertThat(store.stats().connected()).isTrue();
      }
    }
  }
}
