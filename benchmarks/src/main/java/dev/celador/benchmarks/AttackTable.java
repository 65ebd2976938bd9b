package dev.celador.benchmarks;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * One hostile client's attack against a running {@code celador serve} (benchmarks/attacks.sh starts
 * a fresh server for each, with the chart's JVM flags, and samples its heap): sends the attack's
 * requests over gRPC from a few threads and prints one line, the attack's row of the table: what
 * the answers were, the mean time per request and the slowest.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.celador.benchmarks.AttackTable PORT
 * ATTACK}, ATTACK one of {@link #ATTACKS}.
 */
public final class AttackTable {

  static final List<String> ATTACKS =
      List.of("keys", "join", "regex-flood", "crlf", "body-4mib", "body-5mib", "headers-10k");

  private AttackTable() {}

  private record Attack(String name, int requests, int threads, IntFunction<CheckRequest> next) {}

  public static void main(String[] args) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(args[0]))
            .usePlaintext()
            .maxInboundMessageSize(16 << 20)
            .build();
    try {
      Attack attack = attack(args[1]);
      System.out.println(run(AuthorizationGrpc.newBlockingStub(channel), attack));
    } finally {
      channel.shutdownNow();
    }
  }

  private static Attack attack(String name) {
    String key = "k".repeat(64 * 1024 - 8);
    String mebi = "x".repeat(1 << 20);
    String a60 = "a".repeat(60 * 1024);
    return switch (name) {
      case "keys" ->
          new Attack(
              "10,000 distinct 64 KiB rate-limit keys (local backend)",
              10_000,
              4,
              i -> check("keys.test", Map.of("x-api-key", String.format("%08d", i) + key), ""));
      case "join" ->
          new Attack(
              "join that would build 16 MiB from a 1 MiB header, 3 at once",
              30,
              3,
              i -> check("join.test", Map.of("x-big", mebi), ""));
      case "regex-flood" ->
          new Attack(
              "flood of an accepted regex over a 60 KiB header (~10 ms CPU each), 16 at once",
              2_000,
              16,
              i -> check("regex.test", Map.of("x-a", a60), ""));
      case "crlf" ->
          new Attack(
              "CR/LF in a CEL-computed header value",
              1_000,
              4,
              i -> check("echo.test", Map.of(), "bob\r\nx-admin: true"));
      case "body-4mib" ->
          new Attack(
              "4 MiB request bodies (the cap), 4 at once",
              200,
              4,
              i -> check("plain.test", Map.of(), "b".repeat((4 << 20) - 1024)));
      case "body-5mib" ->
          new Attack(
              "5 MiB request bodies (over the cap), 4 at once",
              200,
              4,
              i -> check("plain.test", Map.of(), "b".repeat(5 << 20)));
      case "headers-10k" ->
          new Attack(
              "10,000 headers of 100 bytes each",
              200,
              4,
              i -> {
                Map<String, String> headers = new HashMap<>();
                for (int h = 0; h < 10_000; h++) {
                  headers.put("x-h" + h, "v".repeat(100));
                }
                return check("plain.test", headers, "");
              });
      default -> throw new IllegalArgumentException("unknown attack " + name + "; " + ATTACKS);
    };
  }

  private static CheckRequest check(String host, Map<String, String> headers, String body) {
    AttributeContext.HttpRequest.Builder http =
        AttributeContext.HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath("/x")
            .setHost(host)
            .putHeaders(":authority", host)
            .putAllHeaders(headers)
            .setBody(body);
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  private static String run(AuthorizationGrpc.AuthorizationBlockingStub stub, Attack attack)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(attack.threads());
    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    AtomicLong worst = new AtomicLong();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < attack.threads(); t++) {
      int first = t;
      running.add(
          pool.submit(
              () -> {
                for (int i = first; i < attack.requests(); i += attack.threads()) {
                  CheckRequest request = attack.next().apply(i);
                  long sent = System.nanoTime();
                  String outcome;
                  try {
                    outcome = outcome(stub.withDeadlineAfter(30, TimeUnit.SECONDS).check(request));
                  } catch (StatusRuntimeException e) {
                    outcome = "gRPC " + e.getStatus().getCode();
                  }
                  worst.accumulateAndGet(System.nanoTime() - sent, Math::max);
                  outcomes.merge(outcome, 1, Integer::sum);
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    double perRequestMs = (System.nanoTime() - start) / 1e6 * attack.threads() / attack.requests();
    return String.format(
        "| %s | %s | %.2f ms | %.1f ms |",
        attack.name(), new TreeMap<>(outcomes), perRequestMs, worst.get() / 1e6);
  }

  private static String outcome(CheckResponse response) {
    if (response.hasDeniedResponse()) {
      return "denied " + response.getDeniedResponse().getStatus().getCodeValue();
    }
    String dropped =
        response.getOkResponse().getHeadersList().stream()
                .anyMatch(h -> h.getHeader().getValue().contains("\n"))
            ? " WITH CR/LF HEADER"
            : "";
    if (response.getStatus().getCode() != 0) {
      // An error answer: Envoy denies it (failure_mode_allow is off).
      String message = response.getStatus().getMessage();
      int cause = message.indexOf(": ", message.indexOf("):"));
      return "error " + response.getStatus().getCode() + " (" + message.substring(cause + 2) + ")";
    }
    return "allowed" + dropped;
  }
}
