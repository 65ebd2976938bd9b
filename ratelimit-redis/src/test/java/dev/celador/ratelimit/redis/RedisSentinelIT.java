package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.Decision;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
 * A master behind Redis Sentinel ({@code redis-sentinel://} URL): a master, one replica and one
 * sentinel, all real, failed over under traffic with {@code SENTINEL FAILOVER}. The closed limit
 * never admits what Redis did not count (every answer is 200 or 503), and the same engine counts
 * again on the promoted replica without a restart: the demoted master is read-only, so an admitted
 * request after the switch was counted by the new one.
 */
class RedisSentinelIT {

  private static final String MASTER = "celador";

  /** What the workers saw, by phase of the run. */
  enum Phase {
    WARMUP,
    UP,
    FAILOVER,
    BACK
  }

  record Outcome(Phase phase, int status) {}

  @Test
  void evaluate_masterFailedOverUnderTraffic_closedNeverAdmitsUncountedAndRecoversWithoutRestart()
      throws Exception {
    try (RedisServer master = RedisServer.start();
        RedisServer replica = RedisServer.replicaOf(master);
        RedisServer sentinel = RedisServer.sentinel(master, MASTER)) {
      RedisClient admin = RedisClient.create();
      try (StatefulRedisSentinelConnection<String, String> connection =
          admin.connectSentinel(RedisURI.create("redis://127.0.0.1:" + sentinel.port()))) {
        RedisSentinelCommands<String, String> sentinels = connection.sync();
        awaitReplicaKnown(sentinels, replica.port());
        String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER;
        try (Replicas replicas =
            new Replicas(
                1, RedisStoreConfig.of(url), Replicas.writePolicies(RedisOutageIT.POLICIES))) {
          run(replicas.get(0), sentinels, replica.port(), master.port());
        }
      } finally {
        admin.shutdown();
      }
    }
  }

  private static void run(
      PolicyEngine engine, RedisSentinelCommands<String, String> sentinels, int promoted, int old)
      throws Exception {
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String user = "user-" + t;
      workers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  Phase before = phase.get();
                  Decision d = engine.evaluate(Replicas.request("strict.shop", user), false);
                  outcomes.add(new Outcome(before, d.status()));
                  Thread.sleep(2); // four users far under their 1000/s
                }
                return null;
              }));
    }
    Thread.sleep(1_500); // the JIT compiles the path first
    phase.set(Phase.UP);
    Thread.sleep(1_000);
    phase.set(Phase.FAILOVER);
    long start = System.nanoTime();
    sentinels.failover(MASTER);
    awaitMaster(sentinels, promoted);
    long switched = System.nanoTime();
    long movedWrites = awaitCountingOn(engine, promoted);
    // The sentinel demotes the old master after promoting the new one, and kills its clients as it
    // does (SLAVEOF + CLIENT KILL in one MULTI). Until then the old master still accepts writes, so
    // a first admitted probe proves nothing; wait for the demotion, then for the reconnect. From
    // here on the old master is read-only: what is admitted now was counted by the new one.
    awaitReplica(old);
    long recovered = RedisOutageIT.awaitRecovery(engine);
    phase.set(Phase.BACK);
    Thread.sleep(1_000);
    stop.set(true);
    for (Future<?> worker : workers) {
      worker.get(5, TimeUnit.SECONDS); // no thread stuck
    }
    pool.shutdown();

    System.out.printf(
        "sentinel failover: switched %d ms after SENTINEL FAILOVER, counting on the promoted"
            + " master %d ms after, old master demoted and counting again %d ms after;"
            + " 503s during it: %d%n",
        TimeUnit.NANOSECONDS.toMillis(switched - start),
        TimeUnit.NANOSECONDS.toMillis(movedWrites - switched),
        TimeUnit.NANOSECONDS.toMillis(recovered - switched),
        of(outcomes, Phase.FAILOVER).stream().filter(o -> o.status() == 503).count());
    assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isIn(200, 503));
    List<Outcome> up = of(outcomes, Phase.UP);
    assertThat(up).isNotEmpty();
    assertThat(up.stream().filter(o -> o.status() == 200).count())
        .isGreaterThanOrEqualTo(up.size() * 95L / 100);
    assertThat(TimeUnit.NANOSECONDS.toMillis(recovered - switched)).isLessThan(15_000);
    List<Outcome> back = of(outcomes, Phase.BACK);
    assertThat(back).isNotEmpty();
    assertThat(back.stream().filter(o -> o.status() == 200).count())
        .isGreaterThanOrEqualTo(back.size() * 95L / 100);
  }

  /**
   * Waits until a check for a new key creates that key on the server on {@code port}: the engine
   * counts there, not on the old master (which stays writable until the sentinel demotes it).
   */
  private static long awaitCountingOn(PolicyEngine engine, int port) throws InterruptedException {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (var connection = client.connect()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (int probe = 0; ; probe++) {
        try {
          long before = connection.sync().dbsize();
          engine.evaluate(Replicas.request("strict.shop", "moved-" + probe), false);
          if (connection.sync().dbsize() > before) {
            return System.nanoTime();
          }
        } catch (RedisException killed) {
          // the promotion's CLIENT KILL: Lettuce reconnects, ask again
        }
        if (System.nanoTime() > deadline) {
          fail("the engine did not count on the promoted master within 30 s");
        }
        Thread.sleep(10);
      }
    } finally {
      client.shutdown();
    }
  }

  private static void awaitReplicaKnown(RedisSentinelCommands<String, String> sentinels, int port)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (sentinels.replicas(MASTER).stream()
        .noneMatch(
            r ->
                Integer.toString(port).equals(r.get("port")) && !r.get("flags").contains("down"))) {
      if (System.nanoTime() > deadline) {
        fail("the sentinel did not discover the replica: " + sentinels.replicas(MASTER));
      }
      Thread.sleep(100);
    }
  }

  private static void awaitMaster(RedisSentinelCommands<String, String> sentinels, int port)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      SocketAddress address = sentinels.getMasterAddrByName(MASTER);
      if (address instanceof InetSocketAddress inet && inet.getPort() == port) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("no failover to port " + port + " within 30 s: the master is " + address);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until the server on {@code port} has become a replica (the sentinel demoted it). */
  private static void awaitReplica(int port) throws InterruptedException {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (var connection = client.connect()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      // The demotion kills this connection too (CLIENT KILL TYPE normal): Lettuce reconnects, and
      // the command that was in flight fails, so a failure is one more poll, not the answer.
      while (!replicationInfo(connection).contains("role:slave")) {
        if (System.nanoTime() > deadline) {
          fail("the old master was not demoted within 30 s");
        }
        Thread.sleep(50);
      }
    } finally {
      client.shutdown();
    }
  }

  private static String replicationInfo(StatefulRedisConnection<String, String> connection) {
    try {
      return connection.sync().info("replication");
    } catch (RedisException killed) {
      return "";
    }
  }

  private static List<Outcome> of(ConcurrentLinkedQueue<Outcome> outcomes, Phase phase) {
    return outcomes.stream().filter(o -> o.phase() == phase).toList();
  }
}
