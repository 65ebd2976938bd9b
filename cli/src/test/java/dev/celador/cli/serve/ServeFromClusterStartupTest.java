package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import dev.celador.cli.ExitCodes;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve in cluster mode without a reachable API server stops at startup and says what to check. */
class ServeFromClusterStartupTest {

  @TempDir Path dir;

  @Test
  void serve_apiServerUnreachable_exitsAfterSyncTimeoutNamingServerAndWhatToCheck()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path kubeconfig = ServeTestClient.unreachableKubeconfig(dir, closedPort);

    CliRun run =
        CliRun.of(
            "serve",
            "--set",
            "celador.policies.source=cluster",
            "--set",
            "celador.kubeconfig=" + kubeconfig,
            "--set",
            "celador.cluster.sync-timeout=1s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err())
        .contains(
            "no good policy set from the cluster (https://127.0.0.1:"
                + closedPort
                + "/) within celador.cluster.sync-timeout=1s: is the API server reachable");
  }
}
