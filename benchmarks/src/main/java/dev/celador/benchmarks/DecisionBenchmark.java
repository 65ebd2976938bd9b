package dev.celador.benchmarks;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.Metadata;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.Target;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Time of one access decision: an ALLOW policy with {@code rules} method/path/caller rules on the
 * request's target, the request matching only the last rule (so every rule runs), among {@code
 * otherPolicies} policies for other targets that the index must skip.
 *
 * <p>{@code shape=guarded} rules are plain {@code &&} chains of literal comparisons, which the
 * engine's rule guards decide without CEL; {@code shape=opaque} rules tell callers apart only
 * inside an {@code ||}, so every rule runs the full CEL program (the cost without guards).
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar DecisionBenchmark -f 1 -wi 3 -i 5}. Add {@code -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for the JDK 25 runtime, {@code -prof gc} for
 * allocation. Compare rows with each other (ratios), not with other machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionBenchmark {

  private static final String TARGET = "spiffe://cluster.local/ns/shop/sa/orders";
  private static final SourceLocation AT = new SourceLocation("bench.yaml", 1, 1);

  @Param({"1", "20", "200"})
  public int rules;

  @Param({"0", "1000"})
  public int otherPolicies;

  @Param({"guarded", "opaque"})
  public String shape;

  private CompiledPolicySet policySet;
  private AuthzRequest request;

  @Setup
  public void setUp() {
    List<PolicyDocument> documents = new ArrayList<>();
    documents.add(allowPolicy("orders", TARGET, rules));
    for (int i = 0; i < otherPolicies; i++) {
      documents.add(
          allowPolicy("other-" + i, "spiffe://cluster.local/ns/other" + i + "/sa/app", 20));
    }
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    CompilationResult result = new PolicyCompiler(clock).compile(documents);
    policySet =
        result
            .policySet()
            .orElseThrow(() -> new IllegalStateException(result.diagnostics().toString()));
    int last = rules - 1;
    request =
        AuthzRequest.builder()
            .source(
                new Peer(
                    "10.0.0.1", 40000, "spiffe://cluster.local/ns/web" + last + "/sa/frontend"))
            .destination(new Peer("10.0.0.2", 8080, TARGET))
            .request(
                HttpAttributes.builder()
                    .method("GET")
                    .path("/api/v" + last + "/orders?page=2")
                    .host("orders.shop.svc.cluster.local")
                    .scheme("https")
                    .protocol("HTTP/2")
                    .headers(
                        Map.of(
                            "user-agent", "bench",
                            "accept", "application/json",
                            "x-request-id", "abc"))
                    .id("req-1")
                    .build())
            .mtls(true)
            .build();
    // A fast wrong answer is worthless: check the decision once before measuring.
    Decision d = policySet.evaluate(request, false);
    if (!d.allowed() || !d.rule().equals("rule-" + last)) {
      throw new IllegalStateException("benchmark request decided wrongly: " + d);
    }
  }

  @Benchmark
  public Decision decide() {
    return policySet.evaluate(request, false);
  }

  static AccessPolicy allowPolicy(String name, String principal, int ruleCount) {
    List<AccessRule> rules = new ArrayList<>();
    for (int i = 0; i < ruleCount; i++) {
      String when =
          "source.namespace == 'web"
              + i
              + "' && request.method == 'GET'"
              + " && request.url_path.startsWith('/api/v"
              + i
              + "/')";
      rules.add(new AccessRule("rule-" + i, Expression.at(when, AT), AT));
    }
    Target target = new Target(List.of(), List.of(), List.of(), List.of(principal), Map.of(), AT);
    return allowPolicy(name, target, rules);
  }

  /** An ALLOW policy in namespace shop, failing closed. */
  static AccessPolicy allowPolicy(String name, Target target, List<AccessRule> rules) {
    return new AccessPolicy(
        new Metadata(name, "shop", Map.of(), AT),
        target,
        Action.ALLOW,
        rules,
        false,
        FailurePolicy.FAIL,
        Optional.empty(),
        List.of(),
        AT);
  }
}
