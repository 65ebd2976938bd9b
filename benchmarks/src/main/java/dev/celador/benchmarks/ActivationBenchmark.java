package dev.celador.benchmarks;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.internal.cel.CompiledExpression;
import dev.celador.engine.internal.cel.ExpressionCompiler;
import dev.celador.engine.internal.cel.RequestActivation;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Instant;
import java.util.HashMap;
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
 * Why the engine binds requests as lazily-read CEL structs: one rule evaluated on cel-java's
 * planner (a) with the request converted into nested {@code Map}s, as a transport would have to per
 * request, and (b) with Celador's {@link RequestActivation}. Rule guards are switched off so both
 * run the same CEL program shape.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar ActivationBenchmark -f 1 -wi 3 -i 5}; add {@code -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for JDK 25.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ActivationBenchmark {

  private static final String RULE =
      "source.namespace == 'web' && request.method == 'GET'"
          + " && request.url_path.startsWith('/api/') && request.headers['accept'] == 'application/json'";

  private CelRuntime.Program mapProgram;
  private CompiledExpression structExpression;
  private AuthzRequest request;

  @Setup
  public void setUp() throws Exception {
    MapType dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
    Cel cel =
        CelFactory.plannerCelBuilder().addVar("request", dynMap).addVar("source", dynMap).build();
    mapProgram = cel.createProgram(cel.compile(RULE).getAst());
    CompiledExpression compiled =
        new ExpressionCompiler()
            .compile(
                Expression.at(RULE, new SourceLocation("bench", 1, 1)), SimpleType.BOOL, "rule")
            .expression();
    structExpression =
        new CompiledExpression(compiled.source(), compiled.program(), false, List.of());
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      headers.put("x-extra-" + i, "value-" + i);
    }
    headers.put("accept", "application/json");
    request =
        BenchRequests.frontendToOrders("/api/orders?page=2", "orders", "HTTP/2", headers, "id");
    if (!Boolean.TRUE.equals(maps()) || !Boolean.TRUE.equals(structs())) {
      throw new IllegalStateException("both bindings must allow the request");
    }
  }

  @Benchmark
  public Object maps() throws Exception {
    HttpAttributes http = request.request();
    Map<String, Object> req = new HashMap<>();
    req.put("method", http.method());
    req.put("path", http.path());
    req.put("url_path", http.urlPath());
    req.put("host", http.host());
    req.put("headers", http.headers());
    Map<String, Object> source = new HashMap<>();
    source.put("principal", request.source().principal());
    source.put("namespace", request.source().namespace());
    source.put("service_account", request.source().serviceAccount());
    return mapProgram.eval(Map.of("request", req, "source", source));
  }

  @Benchmark
  public Object structs() throws Exception {
    return structExpression.evaluate(new RequestActivation(request, Instant.EPOCH));
  }
}
