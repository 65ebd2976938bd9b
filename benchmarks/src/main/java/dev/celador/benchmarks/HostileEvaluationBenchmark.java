package dev.celador.benchmarks;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worst one HTTP-authorization expression can cost under Celador's limits (100,000 cost units,
 * 1 Mi characters and 64 Ki list elements built): one rule per {@code attack}, against a request
 * whose headers are as large as Envoy lets them be (60 KiB). Some run to the edge of a limit and
 * decide; the amplifiers of issue 17 are refused before they build. The slowest row is the bound on
 * how long one evaluation can hold a thread (an event loop in HTTP mode).
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar HostileEvaluationBenchmark -f 1 -wi 3 -i 5 -prof gc} ({@code
 * gc.alloc.rate.norm} is the bytes one evaluation allocates).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostileEvaluationBenchmark {

  private static final SourceLocation AT = new SourceLocation("bench.yaml", 1, 1);
  private static final String HUNDRED = "[" + "1,".repeat(99) + "1]";

  /** The attacks, by name: what each rule's {@code when} is. */
  private static final Map<String, String> ATTACKS =
      Map.of(
          // 10,000 iterations, the iteration cap
          "iterations", HUNDRED + ".all(a, " + HUNDRED + ".all(b, a + b >= 0))",
          // a regex over a 60 KiB header, as large a pattern as the budget pays for
          "regex", "!request.headers['x-a'].matches('(x|y|a)*[ab]{20}c')",
          // a worst-case substring search: aaaa…a in aaaa…b
          "contains", "!request.headers['x-a'].contains(request.headers['x-needle'])",
          // 300 × 300 comparisons
          "sets",
              "!sets.contains(request.headers['x-300'].split(''), request.headers['x-301'].split(''))",
          // 7 copies of 60 KiB joined: 420 Ki characters
          "join", "cel.bind(s, request.headers['x-a'], [s,s,s,s,s,s,s].join('').size() > 0)",
          // refused: 256 copies joined (268 M characters before issue 17)
          "join-256",
              "cel.bind(s, request.headers['x-a'], cel.bind(l, [s,s,s,s,s,s,s,s,s,s,s,s,s,s,s,s],"
                  + " (l+l+l+l+l+l+l+l+l+l+l+l+l+l+l+l).join('').size() > 0))",
          // refused: a list grown by a loop, nested lists copied on every step
          "map-nested", HUNDRED + ".map(a, " + HUNDRED + ".map(b, " + HUNDRED + ")).size() > 0");

  @Param({"iterations", "regex", "contains", "sets", "join", "join-256", "map-nested"})
  public String attack;

  private CompiledPolicySet policySet;
  private AuthzRequest request;

  @Setup
  public void setUp() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    PolicyDocument policy = policy(ATTACKS.get(attack));
    CompilationResult result = new PolicyCompiler(clock).compile(List.of(policy));
    policySet =
        result
            .policySet()
            .orElseThrow(() -> new IllegalStateException(result.diagnostics().toString()));
    String a = "a".repeat(60 * 1024);
    request =
        BenchRequests.frontendToOrders(
            "/api/orders",
            "orders.shop.svc.cluster.local",
            "HTTP/2",
            Map.of(
                "x-a",
                a,
                "x-needle",
                "a".repeat(150) + "b",
                "x-300",
                "ab".repeat(150),
                "x-301",
                "ab".repeat(150) + "c"),
            "req-1");
    Decision d = policySet.evaluate(request, false);
    System.out.println("\n" + attack + ": allowed=" + d.allowed() + " " + d.reasons());
  }

  @Benchmark
  public Decision decide() {
    return policySet.evaluate(request, false);
  }

  private static AccessPolicy policy(String when) {
    Target everything = new Target(List.of(), List.of(), List.of(), List.of(), Map.of(), AT);
    return DecisionBenchmark.allowPolicy(
        "hostile", everything, List.of(new AccessRule("r", Expression.at(when, AT), AT)));
  }
}
