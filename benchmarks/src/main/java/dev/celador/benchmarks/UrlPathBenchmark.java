package dev.celador.benchmarks;

import dev.celador.engine.api.HttpAttributes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code request.url_path} costs now that it is the normalised path: {@link
 * HttpAttributes#urlPath()} against the raw split at '?' it replaced (the baseline, in the same
 * run), for a clean path (the normaliser only scans it) and one with dot segments, doubled slashes
 * and escapes (it rebuilds it).
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar UrlPathBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UrlPathBenchmark {

  @Param({"/api/orders/42?expand=items", "/api//orders/./42/../%34%32?expand=items"})
  public String path;

  private HttpAttributes request;

  @Setup
  public void setUp() {
    request =
        HttpAttributes.builder()
            .method("GET")
            .path(path)
            .host("orders.shop")
            .scheme("http")
            .protocol("HTTP/1.1")
            .build();
  }

  /** The baseline: the path up to its query, as url_path was before normalisation. */
  @Benchmark
  public String rawSplit() {
    String p = request.path();
    int q = p.indexOf('?');
    return q < 0 ? p : p.substring(0, q);
  }

  @Benchmark
  public String normalised() {
    return request.urlPath();
  }
}
