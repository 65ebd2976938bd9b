package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador.webhook.source} picks where policies come from, and a wrong value or an API server
 * that cannot be reached stops startup with a message that says so. The cluster source serving real
 * reviews is tested against a real API server in conformance-tests.
 */
class AdmissionSourceSettingTest {

  @TempDir Path dir;

  private TestServer start(List<String> extra) throws Exception {
    var ca = WebhookCertificates.certificateAuthority("ca", TestServer.NOW, Duration.ofDays(1));
    var leaf =
        WebhookCertificates.servingCertificate(
            ca, TestServer.SERVICE, TestServer.NAMESPACE, TestServer.NOW, Duration.ofDays(1));
    return new TestServer(dir, List.of(leaf.certificate()), leaf, extra);
  }

  @Test
  void start_unknownSource_failsNamingTheSetting() {
    assertThatThrownBy(() -> start(List.of("--celador.webhook.source=clsuter")))
        .hasRootCauseMessage("celador.webhook.source: expected files or cluster, got 'clsuter'");
  }

  @Test
  void start_clusterSourceWithUnreachableApiServer_failsAfterTheSyncTimeout() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """
                .formatted(closedPort));

    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                start(
                    List.of(
                        "--celador.webhook.source=cluster",
                        "--celador.webhook.kubeconfig=" + kubeconfig,
                        "--celador.webhook.cluster.sync-timeout=2s")))
        .rootCause()
        .hasMessageStartingWith("admission policies did not load from the cluster within PT2S");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void start_noSourceSetting_loadsPoliciesFromFiles() throws Exception {
    try (TestServer server = start(List.of())) {
      assertThat(server.port).isPositive();
    }
  }
}
