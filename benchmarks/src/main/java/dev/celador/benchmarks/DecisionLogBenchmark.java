package dev.celador.benchmarks;

import dev.celador.cli.serve.DecisionLog;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.extauthz.DenyBody;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON celador writes per request: {@code denyLine} is serve's decision-log line for a denial
 * with an audit and a {@code traceparent} ({@link DecisionLog#line}, built on the request thread),
 * {@code denyBody} the body a denied client receives ({@link DenyBody#of}). Both are written with
 * JsonText (Jackson's streaming generator) since issue 20; compare against a build of the commit
 * before.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DecisionLogBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionLogBenchmark {

  private AuthzRequest request;
  private Decision decision;
  private Verdict verdict;

  @Setup
  public void setUp() {
    request =
        BenchRequests.frontendToOrders(
            "/api/v1/orders/42?force=true",
            "orders.shop.svc.cluster.local",
            "HTTP/2",
            Map.of(
                "user-agent",
                "bench",
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            "8f14e45f-ceea-467f-a8e2-1b4c5d6e7f80");
    decision =
        new Decision(
            false,
            403,
            "shop/no-deletes",
            "delete-needs-admin",
            List.of("shop: deletes are reserved for the \"ops\" admin service account"),
            Map.of(),
            List.of(),
            Map.of(),
            false,
            List.of(),
            List.of(
                new TraceEntry(
                    "celador-system/audit-missing-request-id",
                    "missing-request-id",
                    "AUDIT",
                    false,
                    TraceEntry.Result.MATCH,
                    "")));
    verdict = Verdict.of(decision);
  }

  @Benchmark
  public String denyLine() {
    return DecisionLog.line(Transport.GRPC, request, verdict, "0123456789abcdef", 123_456);
  }

  @Benchmark
  public String denyBody() {
    return DenyBody.of(decision);
  }
}
