package dev.celador.benchmarks;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.parse.ParseResult;
import dev.celador.engine.internal.parse.PolicyParser;
import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LocalRateLimitStore;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.ratelimit.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one local rate-limit check (target: at most 200 ns).
 *
 * <ul>
 *   <li>{@code check}: the GCRA store alone on the system ticker, {@code keys=1} one hot bucket,
 *       {@code keys=100000} a spread of buckets; {@code outcome=admit} a rate the benchmark never
 *       exhausts (so every call CASes), {@code deny} an exhausted bucket (read-only path).
 *   <li>{@code evaluate} / {@code evaluateWithoutLimit}: a whole decision with one RateLimitPolicy
 *       (key {@code source.principal}) and without it; the difference is the stage's cost.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar LocalRateLimitBenchmark -f 1 -wi 3 -i 5}. Add {@code -t 2} for
 * two threads on one bucket (CAS contention), {@code -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for the JDK 25 runtime, {@code -prof gc} for
 * allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalRateLimitBenchmark {

  @Param({"1", "100000"})
  public int keys;

  @Param({"admit", "deny"})
  public String outcome;

  private LocalRateLimitStore store;
  private GcraRate rate;
  private BucketKey[] buckets;
  private CompiledPolicySet limited;
  private CompiledPolicySet unlimited;
  private AuthzRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    store = new LocalRateLimitStore(Ticker.system());
    // admit: one request per microsecond with a 1000 s burst, never exhausted in a run.
    rate =
        outcome.equals("admit")
            ? GcraRate.of(1_000_000, Duration.ofSeconds(1), 1_000_000_000L)
            : GcraRate.of(1, Duration.ofHours(1), 1);
    buckets = new BucketKey[keys];
    for (int i = 0; i < keys; i++) {
      buckets[i] = new BucketKey("shop/api/per-user", "user-" + i);
      store.tryAcquire(buckets[i], rate);
    }
    limited = compile(true);
    unlimited = compile(false);
    request = BenchRequests.frontendToOrders("/orders", "orders.shop", "HTTP/1.1", Map.of(), "id");
  }

  /** Per-thread cursor over the buckets. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public GcraResult check(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == keys ? 0 : i + 1;
    return store.tryAcquire(buckets[i], rate);
  }

  @Benchmark
  public Decision evaluate() {
    return limited.evaluate(request, false);
  }

  @Benchmark
  public Decision evaluateWithoutLimit() {
    return unlimited.evaluate(request, false);
  }

  private CompiledPolicySet compile(boolean withLimit) {
    String requests = outcome.equals("admit") ? "1000000" : "1";
    String burst = outcome.equals("admit") ? "1000000000" : "1";
    String period = outcome.equals("admit") ? "1s" : "1h";
    String yaml =
        """
        apiVersion: celador.dev/v1alpha1
        kind: RateLimitPolicy
        metadata: {name: limits, namespace: shop}
        spec:
          limits:
            - name: per-caller
              key: source.principal
              rate: {requests: %s, period: %s}
              burst: %s
        """
            .formatted(requests, period, burst);
    ParseResult parsed = new PolicyParser().parse(new SourceFile("bench.yaml", yaml));
    PolicyCompiler compiler = new PolicyCompiler(Clock.systemUTC(), RateLimitBackends.local(store));
    CompilationResult result =
        compiler.compile(withLimit ? parsed.documents() : java.util.List.of());
    return result.policySet().orElseThrow(() -> new IllegalStateException(result.toString()));
  }
}
