package dev.celador.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback: three masters and three replicas ({@code redis-server
 * --cluster-enabled yes}, joined by {@code redis-cli --cluster create}), node timeout 2 s so a
 * failover takes seconds. Nothing is persisted. Needs the Debian package redis-server (which
 * .ci/run installs); a missing binary fails the test.
 */
final class RedisCluster implements AutoCloseable {

  static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();

  private RedisCluster(Path dir) {
    this.dir = dir;
  }

  static RedisCluster start(Path work) throws IOException, InterruptedException {
    RedisCluster cluster = new RedisCluster(Files.createDirectories(work.resolve("redis-cluster")));
    try {
      cluster.launch();
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Every node, for the client to discover the cluster from. */
  String url() {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The port of the master that holds {@code key} now (asks each node for its keys). */
  int masterHolding(String pattern) throws IOException, InterruptedException {
    for (int i = 0; i < ports.size(); i++) {
      if (nodes.get(i).isAlive()
          && cli(ports.get(i), "role").startsWith("master")
          && !cli(ports.get(i), "--scan", "--pattern", pattern).isBlank()) {
        return ports.get(i);
      }
    }
    throw new IllegalStateException("no master holds " + pattern);
  }

  /** SIGKILL of the node on {@code port}, as when its pod dies. */
  void kill(int port) throws InterruptedException {
    Process node = nodes.get(ports.indexOf(port));
    node.destroyForcibly();
    node.waitFor();
  }

  /** Waits until every live node reports the cluster healthy (all slots served). */
  void awaitOk(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean ok = true;
      for (int i = 0; i < ports.size() && ok; i++) {
        ok =
            !nodes.get(i).isAlive()
                || cli(ports.get(i), "cluster", "info").contains("cluster_state:ok");
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail(
            "Redis Cluster not ok within "
                + timeout
                + ": "
                + cli(ports.get(0), "cluster", "nodes"));
      }
      Thread.sleep(100);
    }
  }

  String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("redis-cli " + args[0] + " hung");
    }
    return out;
  }

  private void launch() throws IOException, InterruptedException {
    for (int i = 0; i < 6; i++) {
      int port = CeladorProcess.freePort();
      ports.add(port);
      Path node = Files.createDirectories(dir.resolve("node-" + port));
      try {
        nodes.add(
            new ProcessBuilder(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes-" + port + ".conf",
                    "--cluster-node-timeout",
                    Long.toString(NODE_TIMEOUT.toMillis()),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    node.toString())
                .redirectErrorStream(true)
                .redirectOutput(node.resolve("redis.log").toFile())
                .start());
      } catch (IOException e) {
        fail("redis-server could not start (apt-get install redis-server): " + e.getMessage());
      }
    }
    for (int port : ports) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!cli(port, "ping").startsWith("PONG")) {
        if (System.nanoTime() > deadline) {
          fail("redis-server on " + port + " did not start");
        }
        Thread.sleep(50);
      }
    }
    List<String> create = new ArrayList<>(List.of("--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    String out = cli(ports.get(0), create.toArray(String[]::new));
    if (!out.contains("[OK] All 16384 slots covered")) {
      fail("redis-cli --cluster create failed: " + out);
    }
    awaitOk(Duration.ofSeconds(30));
    // Replicas must know their masters before a failover can promote them.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (countRole("slave") < 3) {
      if (System.nanoTime() > deadline) {
        fail("replicas did not attach: " + cli(ports.get(0), "cluster", "nodes"));
      }
      Thread.sleep(100);
    }
  }

  private int countRole(String role) throws IOException, InterruptedException {
    int n = 0;
    for (int port : ports) {
      String reply = cli(port, "role");
      if (reply.startsWith(role) && (!role.equals("slave") || reply.contains("connected"))) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process node : nodes) {
      node.destroyForcibly();
    }
    for (Process node : nodes) {
      node.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
