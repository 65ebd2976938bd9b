package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.ratelimit.RateLimitMetrics.LimitSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: Redis killed mid-run. While it is down, a {@code failureMode: closed} limit denies
 * with 503 and an {@code open} one admits, each within the 50 ms timeout, and no thread hangs; when
 * Redis comes back (empty, on the same port) the same engine counts again, without a restart.
 */
class RedisOutageIT {

  /** A closed and an open limit on one Redis; other outage tests use them too. */
  static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: strict, namespace: shop}
      spec:
        target: {hosts: [strict.shop]}
        limits:
          - name: shared
            key: request.headers["x-user"]
            rate: {requests: 1000, period: 1s}
            backend: redis
            failureMode: closed
      ---
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: lenient, namespace: shop}
      spec:
        target: {hosts: [lenient.shop]}
        limits:
          - name: shared
            key: request.headers["x-user"]
            rate: {requests: 1000, period: 1s}
            backend: redis
            failureMode: open
      """;

  /** What the workers saw during one phase of the run. */
  enum Phase {
    WARMUP,
    UP,
    KILLED,
    DOWN,
    BACK
  }

  /** One decision and how long it took. */
  record Outcome(Phase phase, String host, int status, long nanos, String reason) {}

  @Test
  void evaluate_redisKilledMidRun_closedDeniesOpenAdmitsNoThreadStuckAndRecovers()
      throws Exception {
    try (RedisServer server = RedisServer.start();
        Replicas replicas =
            new Replicas(1, RedisStoreConfig.of(server.url()), Replicas.writePolicies(POLICIES))) {
      PolicyEngine engine = replicas.get(0);
      AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      int threads = 16;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String host = t % 2 == 0 ? "strict.shop" : "lenient.shop";
        String user = "user-" + t;
        workers.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    Phase before = phase.get();
                    long start = System.nanoTime();
                    Decision d = engine.evaluate(Replicas.request(host, user), false);
                    long took = System.nanoTime() - start;
                    if (phase.get() == before) { // calls straddling a change say nothing
                      outcomes.add(
                          new Outcome(before, host, d.status(), took, d.reasons().toString()));
                    }
                    Thread.sleep(1); // 16 users at ~1000/s stay under their limits
                  }
                  return null;
                }));
      }

      Thread.sleep(1_500); // the JIT compiles the path first, as the server's warm-up would
      phase.set(Phase.UP);
      Thread.sleep(500);
      phase.set(Phase.KILLED); // calls while the client notices are not judged
      server.kill();
      Thread.sleep(200);
      phase.set(Phase.DOWN);
      Thread.sleep(1_000);
      phase.set(Phase.BACK);
      long restartedAt = System.nanoTime();
      server.restart();
      long recoveredAt = awaitRecovery(engine);
      Thread.sleep(500);
      stop.set(true);
      for (Future<?> worker : workers) {
        worker.get(5, TimeUnit.SECONDS); // no thread stuck
      }
      pool.shutdown();

      List<Outcome> up = of(outcomes, Phase.UP);
      List<Outcome> down = of(outcomes, Phase.DOWN);
      long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(recoveredAt - restartedAt);
      long slowestDownMillis =
          TimeUnit.NANOSECONDS.toMillis(down.stream().mapToLong(Outcome::nanos).max().orElse(0));
      System.out.printf(
          "redis outage: %d decisions up, %d down (slowest %d ms), recovered %d ms after restart%n",
          up.size(), down.size(), slowestDownMillis, recoveryMillis);

      // Up, only a few checks may miss the 50 ms timeout on a busy shared 2-core machine.
      assertThat(up).isNotEmpty();
      assertThat(up.stream().filter(o -> o.status() == 200).count())
          .isGreaterThanOrEqualTo(up.size() * 95L / 100);
      assertThat(down)
          .filteredOn(o -> o.host().equals("strict.shop"))
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.status()).isEqualTo(503));
      assertThat(down)
          .filteredOn(o -> o.host().equals("lenient.shop"))
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
      // The 50 ms timeout bounds every call; allow scheduling slack on a shared 2-core machine.
      assertThat(slowestDownMillis).isLessThan(50 + 200);
      assertThat(recoveryMillis).isLessThan(5_000);
      List<Outcome> back = of(outcomes, Phase.BACK);
      List<Outcome> lastBack = back.subList(Math.max(0, back.size() - 100), back.size());
      assertThat(lastBack.stream().filter(o -> o.status() == 200).count())
          .isGreaterThanOrEqualTo(lastBack.size() * 95L / 100);
      assertThat(engine.rateLimits().metrics().snapshot())
          .extracting(LimitSample::limitId)
          .containsExactly("shop/lenient/shared", "shop/strict/shared");
      assertThat(engine.rateLimits().metrics().snapshot())
          .allSatisfy(s -> assertThat(s.storeErrors()).isPositive());
    }
  }

  /** Waits until a strict request is admitted again, i.e. counted by Redis; returns when. */
  static long awaitRecovery(PolicyEngine engine) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (engine.evaluate(Replicas.request("strict.shop", "probe"), false).allowed()) {
        return System.nanoTime();
      }
      Thread.sleep(10);
    }
    return deadline;
  }

  private static List<Outcome> of(ConcurrentLinkedQueue<Outcome> outcomes, Phase phase) {
    return outcomes.stream().filter(o -> o.phase() == phase).toList();
  }
}
