package dev.celador.benchmarks;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.CostlyLane;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.grpc.AuthorizationService;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
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
 * The part of an ext_authz Check that is celador's own, in process: {@code check} decodes
 * benchmarks/ext-authz.sh's request bytes, decides them (20 access rules, a cached RS256 JWT, a
 * local rate limit, 500 other policies) and builds the response, as {@code celador serve} does for
 * each call between gRPC's framing and its write; {@code protobufParse} is what the no-op Check
 * server does with the same bytes. Their difference is what celador adds to a call's CPU.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CheckBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CheckBenchmark {

  private byte[] request;
  private AuthorizationService service;
  private final Sink sink = new Sink();

  @Setup
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("celador-check-bench");
    ExtAuthzBenchSetup.main(new String[] {dir.toString()});
    byte[] framed = Files.readAllBytes(dir.resolve("check.bin"));
    request = Arrays.copyOfRange(framed, 5, framed.length); // without gRPC's 5-byte frame header
    PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
    LoadResult loaded = engine.reload(List.of(dir.resolve("policies")));
    if (loaded.hasErrors()) {
      throw new IllegalStateException(loaded.render());
    }
    service =
        new AuthorizationService(
            new Authorizer(engine, DecisionListener.NONE, new CostlyLane(1, 128)));
    service.check(request, sink);
    if (sink.last == null || sink.last.getStatus().getCode() != 0) {
      throw new IllegalStateException("the benchmark request is not allowed: " + sink.last);
    }
  }

  @Benchmark
  public CheckRequest protobufParse() throws Exception {
    return CheckRequest.parseFrom(request);
  }

  @Benchmark
  public CheckResponse check() {
    service.check(request, sink);
    return sink.last;
  }

  private static final class Sink implements StreamObserver<CheckResponse> {
    CheckResponse last;

    @Override
    public void onNext(CheckResponse value) {
      last = value;
    }

    @Override
    public void onError(Throwable t) {
      throw new IllegalStateException(t);
    }

    @Override
    public void onCompleted() {}
  }
}
