package dev.celador.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged {@code celador serve}, started as a separate process on free loopback ports. */
final class CeladorProcess implements AutoCloseable {

  final int grpcPort = freePort();
  final int httpPort = freePort();
  final int managementPort = freePort();
  final Path stdout;
  final Path stderr;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();

  private CeladorProcess(Path policies, Path work, List<String> flags, List<String> extra)
      throws IOException {
    Path jar = Path.of(System.getProperty("celador.jar", "../cli/target/celador.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the whole reactor (./mvnw verify), not this module alone");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As the chart runs it: about 70 % of the 768 Mi limit as heap, and exit on OutOfMemoryError
    // so that exhausting the heap shows as a dead process, not a limping one.
    cmd.add("-Xmx512m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("serve");
    if (policies != null) { // null: policies from elsewhere, such as the cluster
      cmd.add("--policies");
      cmd.add(policies.toString());
    }
    cmd.addAll(flags);
    for (String s :
        List.of(
            "celador.server.host=127.0.0.1",
            "celador.management.host=127.0.0.1",
            "celador.grpc.port=" + grpcPort,
            "celador.http.port=" + httpPort,
            "celador.management.port=" + managementPort,
            "celador.shutdown.drain-delay=100ms",
            "celador.shutdown.grace=2s")) {
      cmd.add("--set");
      cmd.add(s);
    }
    for (String s : extra) {
      cmd.add("--set");
      cmd.add(s);
    }
    stdout = work.resolve("stdout.log");
    stderr = work.resolve("stderr.log");
    process =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
  }

  /** Starts celador and returns once the process is up (not necessarily ready). */
  static CeladorProcess start(Path policies, Path work, String... settings) throws IOException {
    return new CeladorProcess(policies, work, List.of(), List.of(settings));
  }

  /** Starts {@code celador serve} with extra command-line {@code flags} such as --admission. */
  static CeladorProcess start(Path policies, Path work, List<String> flags, String... settings)
      throws IOException {
    return new CeladorProcess(policies, work, flags, List.of(settings));
  }

  /** Starts celador and waits for {@code /readyz} to answer 200. */
  static CeladorProcess startReady(Path policies, Path work, String... settings)
      throws IOException, InterruptedException {
    CeladorProcess p = start(policies, work, settings);
    p.awaitReady(Duration.ofSeconds(60));
    return p;
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("celador exited: " + log());
      }
      if (readyzStatus() == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("celador not ready in " + timeout + ": " + log());
  }

  int readyzStatus() {
    return get("/readyz").statusCode();
  }

  HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new Unanswered(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code request} as it is (ISO-8859-1) to the HTTP-mode port and returns at most {@code
   * max} bytes of the answer. Written from another thread: the answer may come, and the connection
   * close, before the request is all written.
   */
  String rawHttp(String request, int max) throws Exception {
    try (Socket s = new Socket("127.0.0.1", httpPort)) {
      s.setSoTimeout(10_000);
      byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
      Thread writer =
          new Thread(
              () -> {
                try {
                  s.getOutputStream().write(bytes);
                } catch (IOException e) {
                  // the server answered and closed before reading it all
                }
              });
      writer.start();
      String answer = new String(s.getInputStream().readNBytes(max), StandardCharsets.ISO_8859_1);
      writer.join(10_000);
      return answer;
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String log() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> decisionLines() {
    try {
      return Files.readAllLines(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to end by itself; returns its exit code, or -1 if it did not end. */
  int waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM, then wait; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connection that was refused or reset: status 0. */
  private record Unanswered(IOException error) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return 0;
    }

    @Override
    public HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
    }

    @Override
    public String body() {
      return "";
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public URI uri() {
      return null;
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
