package dev.celador.ratelimit.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian package) on a free loopback port, owned by one test class:
 * started by {@link #start}, stopped by {@link #close}, and killable and restartable on the same
 * port to test outages. Nothing is persisted.
 *
 * <p>In CI ({@code CI=true}) a missing redis-server fails the test, since {@code .ci/run} installs
 * it. Elsewhere the test is skipped with a loud message saying how to install it.
 */
final class RedisServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path binary;
  private final int port;
  private final String password;
  private final Path dir;
  private final List<String> extra;
  private Process process;

  private RedisServer(Path binary, int port, String password, Path dir, List<String> extra) {
    this.binary = binary;
    this.port = port;
    this.password = password;
    this.dir = dir;
    this.extra = extra;
  }

  static RedisServer start() throws IOException, InterruptedException {
    return start(null);
  }

  /** A server requiring {@code password} (AUTH), or none when null. */
  static RedisServer start(String password) throws IOException, InterruptedException {
    return launched(password, List.of());
  }

  /** A replica of {@code master} (no password), following it from the start. */
  static RedisServer replicaOf(RedisServer master) throws IOException, InterruptedException {
    return launched(null, List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)));
  }

  /**
   * A Sentinel (redis-server in sentinel mode) that watches {@code master} under {@code name}, with
   * a quorum of one and a master deemed down after one second, so a failover takes seconds.
   */
  static RedisServer sentinel(RedisServer master, String name)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("redis-sentinel-it");
    Path config = dir.resolve("sentinel.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "sentinel monitor " + name + " 127.0.0.1 " + master.port + " 1",
            "sentinel down-after-milliseconds " + name + " 1000",
            "sentinel failover-timeout " + name + " 10000",
            ""));
    RedisServer sentinel =
        new RedisServer(binary(), freePort(), null, dir, List.of(config.toString(), "--sentinel"));
    sentinel.launch();
    return sentinel;
  }

  private static RedisServer launched(String password, List<String> extra)
      throws IOException, InterruptedException {
    RedisServer server =
        new RedisServer(
            binary(), freePort(), password, Files.createTempDirectory("redis-it"), extra);
    server.launch();
    return server;
  }

  String url() {
    return password == null
        ? "redis://127.0.0.1:" + port
        : "redis://:" + password + "@127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: connections drop at once, as when a Redis pod dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts again on the same port, empty, after {@link #kill}. */
  void restart() throws IOException, InterruptedException {
    launch();
  }

  /** SIGSTOP or SIGCONT: a Redis that hangs without closing connections. */
  void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
    if (exit != 0) {
      fail("kill -" + signal + " failed");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    boolean sentinel = extra.contains("--sentinel");
    // The config file (a sentinel's) must come first; a sentinel takes no persistence options.
    command.addAll(extra);
    command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"));
    if (!sentinel) {
      command.addAll(List.of("--save", "", "--appendonly", "no", "--dir", dir.toString()));
    }
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        fail("redis-server did not start on port " + port + ": " + log());
      }
      Thread.sleep(20);
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int n = in.read(reply);
      String text = n > 0 ? new String(reply, 0, n, StandardCharsets.US_ASCII) : "";
      return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        "redis-server is not installed, so the Redis rate-limit tests cannot run."
            + " Install it with: apt-get install redis-server";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " (.ci/run installs it; CI must not skip these tests)");
    }
    System.err.println();
    System.err.println("*".repeat(100));
    System.err.println("* SKIPPED: " + message);
    System.err.println("*".repeat(100));
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
