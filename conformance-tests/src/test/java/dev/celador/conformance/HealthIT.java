package dev.celador.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grpc.health.v1 and /readyz through the life of the process: start, warm-up, SIGTERM. */
class HealthIT {

  @TempDir Path work;

  @Test
  void health_duringWarmUpThenReadyThenSigterm_notServingServingNotServing() throws Exception {
    Path policies = Files.createDirectories(work.resolve("policies"));
    Files.copy(
        Path.of("src/test/resources/contract/policies.yaml"), policies.resolve("policies.yaml"));
    try (CeladorProcess celador =
        CeladorProcess.start(
            policies, work, "celador.warmup.duration=3s", "celador.shutdown.drain-delay=1500ms")) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", celador.grpcPort).usePlaintext().build();
      try {
        var health = HealthGrpc.newBlockingStub(channel);
        List<ServingStatus> seen = new ArrayList<>();
        List<Integer> readyz = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
          try {
            ServingStatus s =
                health
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != s) {
              seen.add(s);
              readyz.add(celador.readyzStatus());
            }
            if (s == ServingStatus.SERVING) {
              break;
            }
          } catch (io.grpc.StatusRuntimeException e) {
            // not listening yet
          }
          Thread.sleep(20);
        }
        assertThat(seen).containsExactly(ServingStatus.NOT_SERVING, ServingStatus.SERVING);
        assertThat(readyz.get(0)).isEqualTo(503);
        assertThat(celador.readyzStatus()).isEqualTo(200);

        new ProcessBuilder("kill", "-TERM", Long.toString(celador.pid())).start().waitFor();
        Thread.sleep(500);
        assertThat(
                health
                    .withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus())
            .isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(celador.readyzStatus()).isEqualTo(503);
      } finally {
        channel.shutdownNow();
      }
      int exit = celador.terminate();
      assertThat(exit).isIn(0, 143);
      assertThat(celador.log()).contains("\"msg\":\"stopped\"");
    }
  }
}
