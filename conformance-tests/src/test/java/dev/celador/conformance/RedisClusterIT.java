package dev.celador.conformance;

import static dev.celador.conformance.Checks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared limits on a real Redis Cluster (3 masters, 3 replicas on loopback) through three packaged
 * {@code celador serve} replicas: exact from the first request after {@code /readyz}, and a master
 * failover under traffic that failureMode closed rides out with 503s, recovering by itself.
 */
class RedisClusterIT {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: shared}
      spec:
        target: {hosts: [api.test]}
        limits:
          - name: per-user
            key: request.headers["x-user"]
            rate: {requests: 50, period: 1h}
            backend: redis
            failureMode: closed
      ---
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: busy}
      spec:
        target: {hosts: [busy.test]}
        limits:
          - name: failover
            key: request.headers["x-user"]
            rate: {requests: 100000, period: 30d}  # the key outlives the run
            backend: redis
            failureMode: closed
      ---
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: fast}
      spec:
        target: {hosts: [fast.test]}
        limits:
          - name: per-user
            key: request.headers["x-user"]
            rate: {requests: 1000, period: 1s}  # fast enough to be leased
            burst: 200
            backend: redis
            failureMode: closed
      """;

  @TempDir static Path work;
  static RedisCluster cluster;
  static final List<CeladorProcess> replicas = new ArrayList<>();
  static final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = RedisCluster.start(work);
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.writeString(policies.resolve("limits.yaml"), POLICIES);
    for (int i = 0; i < 3; i++) {
      replicas.add(
          CeladorProcess.start(
              policies,
              Files.createDirectories(work.resolve("replica-" + i)),
              "celador.ratelimit.redis.url=" + cluster.url(),
              "celador.ratelimit.redis.cluster=true",
              // 50 ms (the default) measures this machine's scheduler, not Celador: six Redis
              // nodes, three fresh JVMs and the clients share two cores, and a check's reply can
              // wait 200 ms for CPU. This test is about readiness and counting.
              "celador.ratelimit.redis.timeout=1s",
              "celador.warmup.duration=300ms"));
    }
    for (CeladorProcess replica : replicas) {
      replica.awaitReady(Duration.ofSeconds(90));
      channels.add(
          NettyChannelBuilder.forAddress("127.0.0.1", replica.grpcPort).usePlaintext().build());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    channels.forEach(ManagedChannel::shutdownNow);
    for (CeladorProcess replica : replicas) {
      replica.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void check_threeReplicasRightAfterReady_exactlyTheLimitAdmittedNo5xx() throws Exception {
    String user = UUID.randomUUID().toString();
    int clients = 24;
    int each = 5;
    Map<String, AtomicInteger> outcomes =
        sendAtOnce("api.test", user, clients, each, 60).outcomes();
    assertThat(outcomes.keySet())
        .as("%s; denials: %s", outcomes, denials())
        .containsOnly("200", "429");
    assertThat(outcomes.get("200").get()).as(outcomes.toString()).isEqualTo(50);
    assertThat(outcomes.get("429").get()).isEqualTo(clients * each - 50);
  }

  @Test
  void check_manyUsersConcurrently_exactlyTheLimitAdmittedPerUser() throws Exception {
    // Six users' buckets hash to different slots (their masters' scripts run in parallel), and
    // each replica's store batches the concurrent checks of each slot: per user, still exactly 50.
    List<String> users = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      users.add("many-" + UUID.randomUUID());
    }
    int clients = 12;
    int each = 30; // 360 requests, 60 per user (each client goes round the six users 5 times)
    CyclicBarrier go = new CyclicBarrier(clients);
    Map<String, Map<String, AtomicInteger>> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        var stub = AuthorizationGrpc.newBlockingStub(channels.get(c % channels.size()));
        int client = c;
        done.add(
            pool.submit(
                () -> {
                  go.await(30, TimeUnit.SECONDS);
                  for (int i = 0; i < each; i++) {
                    String user = users.get((client + i) % users.size());
                    outcomes
                        .computeIfAbsent(user, k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(outcome(stub, "api.test", user), k -> new AtomicInteger())
                        .incrementAndGet();
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
    assertThat(outcomes).hasSize(users.size());
    outcomes.forEach(
        (user, seen) -> {
          assertThat(seen.keySet())
              .as("%s; denials: %s", seen, denials())
              .containsOnly("200", "429");
          assertThat(seen.get("200").get()).as(seen.toString()).isEqualTo(50);
          assertThat(seen.get("429").get()).isEqualTo(clients * each / users.size() - 50);
        });
  }

  @Test
  void check_fastLimitOnTheCluster_admittedFromLeasesWithinTheBucketNo5xx() throws Exception {
    String user = "fast-" + UUID.randomUUID();
    int clients = 24;
    int each = 150;
    double leasedBefore = leasedChecks();
    Sent sent = sendAtOnce("fast.test", user, clients, each, 120);
    Map<String, AtomicInteger> outcomes = sent.outcomes();
    // Whether any is denied depends on how fast this machine sends (1,000/s is the slowest rate
    // that is leased); what must hold is no 5xx and never more than the bucket allows.
    assertThat(outcomes.keySet())
        .as("%s; denials: %s", outcomes, denials())
        .isSubsetOf("200", "429");
    // GCRA's bound for a span of W: burst + W / T. The clients' span holds Redis's (the barrier
    // releases them just before it starts, so a millisecond is added for that).
    long spanMillis = TimeUnit.NANOSECONDS.toMillis(sent.spanNanos()) + 1;
    int admitted = outcomes.get("200").get();
    assertThat(admitted)
        .as("%s in %d ms", outcomes, spanMillis)
        .isLessThanOrEqualTo(200 + (int) spanMillis)
        .isGreaterThanOrEqualTo(100);
    assertThat(leasedChecks() - leasedBefore).as("checks admitted from token leases").isPositive();
  }

  /**
   * How many checks got each outcome, and the time from the last client's submission to the last
   * answer (the barrier releases the clients within it).
   */
  private record Sent(Map<String, AtomicInteger> outcomes, long spanNanos) {}

  /**
   * {@code clients} threads, spread over the replicas, each send {@code each} checks for {@code
   * user} to {@code host}, all starting together.
   */
  private static Sent sendAtOnce(String host, String user, int clients, int each, int waitSeconds)
      throws Exception {
    CyclicBarrier go = new CyclicBarrier(clients);
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        var stub = AuthorizationGrpc.newBlockingStub(channels.get(c % channels.size()));
        done.add(
            pool.submit(
                () -> {
                  go.await(30, TimeUnit.SECONDS);
                  for (int i = 0; i < each; i++) {
                    String outcome = outcome(stub, host, user);
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                  }
                  return null;
                }));
      }
      long start = System.nanoTime();
      for (Future<?> f : done) {
        f.get(waitSeconds, TimeUnit.SECONDS);
      }
      return new Sent(outcomes, System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Checks the replicas admitted from token leases so far. */
  private static double leasedChecks() throws Exception {
    double sum = 0;
    for (CeladorProcess replica : replicas) {
      for (String line : replica.get("/metrics").body().split("\n")) {
        if (line.startsWith("celador_ratelimit_redis_checks_total{")
            && line.contains("path=\"lease\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum;
  }

  /** One answer during the failover run. */
  private record Seen(long atNanos, String outcome) {}

  @Test
  void check_masterKilledUnderTraffic_closedDenies503AndRecoversWithoutRestart() throws Exception {
    String user = "failover-" + UUID.randomUUID();
    var stub = AuthorizationGrpc.newBlockingStub(channels.get(0));
    assertThat(outcome(stub, "busy.test", user)).isEqualTo("200");
    int master = cluster.masterHolding("*busy/failover*");

    ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      var client = AuthorizationGrpc.newBlockingStub(channels.get(t % channels.size()));
      workers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  seen.add(new Seen(System.nanoTime(), outcome(client, "busy.test", user)));
                }
                return null;
              }));
    }
    long killedAt;
    long stableAt = 0;
    try {
      Thread.sleep(1_000);
      killedAt = System.nanoTime();
      cluster.kill(master);
      long deadline = killedAt + TimeUnit.SECONDS.toNanos(40);
      long window = TimeUnit.MILLISECONDS.toNanos(500);
      while (stableAt == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        long now = System.nanoTime();
        List<Seen> recent = seen.stream().filter(x -> x.atNanos() > now - window).toList();
        if (now - killedAt > 2 * window
            && !recent.isEmpty()
            && recent.stream().allMatch(x -> x.outcome().equals("200"))) {
          stableAt = now - window;
        }
      }
    } finally {
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(30, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
    Map<String, Long> counts = new TreeMap<>();
    seen.forEach(x -> counts.merge(x.outcome(), 1L, Long::sum));
    long[] unavailable =
        seen.stream()
            .filter(x -> x.outcome().equals("503"))
            .mapToLong(Seen::atNanos)
            .sorted()
            .toArray();
    System.out.printf(
        "redis cluster failover: %s; 503s from %d ms to %d ms after the kill; all admitted again"
            + " from %d ms%n",
        counts,
        unavailable.length == 0 ? -1 : (unavailable[0] - killedAt) / 1_000_000,
        unavailable.length == 0 ? -1 : (unavailable[unavailable.length - 1] - killedAt) / 1_000_000,
        (stableAt - killedAt) / 1_000_000);
    assertThat(counts.keySet())
        .as("failureMode closed: admitted or 503, never an error")
        .containsOnly("200", "503");
    assertThat(unavailable).as("the kill was felt").isNotEmpty();
    assertThat(stableAt).as("every replica admits again, without a restart").isPositive();
    cluster.awaitOk(Duration.ofSeconds(30));
  }

  /** Some decision-log lines of 5xx denials, to say why. */
  private static List<String> denials() {
    return replicas.stream()
        .flatMap(r -> r.decisionLines().stream())
        .filter(line -> line.contains("503"))
        .limit(3)
        .toList();
  }

  /** "200", "429", "503" (the denial's HTTP status), or the gRPC error. */
  private static String outcome(
      AuthorizationGrpc.AuthorizationBlockingStub stub, String host, String user) {
    try {
      CheckResponse r =
          stub.withDeadlineAfter(5, TimeUnit.SECONDS)
              .check(request("GET", host, "/orders").header("x-user", user).build());
      if (r.getStatus().getCode() == Code.OK_VALUE) {
        return "200";
      }
      return Integer.toString(r.getDeniedResponse().getStatus().getCodeValue());
    } catch (StatusRuntimeException e) {
      return "grpc " + e.getStatus().getCode();
    }
  }
}
