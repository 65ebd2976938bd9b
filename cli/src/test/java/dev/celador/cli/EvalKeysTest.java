package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} fetches remote key sets before it decides, and says when it could not: a JWKS
 * endpoint nobody answers is not the token's fault ({@code unknown_key}).
 */
class EvalKeysTest {

  private static final String TOKEN =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0."
          + "eyJpc3MiOiJodHRwczovL2NpLmV4YW1wbGUuY29tIiwiYXVkIjoib3JkZXJzIn0.c2ln";

  @TempDir Path dir;

  private Path policy(int closedPort) throws IOException {
    return Files.writeString(
        dir.resolve("jwt.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: ci, namespace: shop}
        spec:
          issuers:
            - issuer: https://ci.example.com
              jwksUri: http://127.0.0.1:%d/keys
              audiences: [orders]
        """
            .formatted(closedPort));
  }

  private Path request(String headers) throws IOException {
    return Files.writeString(
        dir.resolve("request.yaml"),
        """
        source: {principal: spiffe://cluster.local/ns/web/sa/frontend}
        destination: {principal: spiffe://cluster.local/ns/shop/sa/orders}
        request:
          method: GET
          path: /orders
          host: orders.shop.svc.cluster.local
          headers: {%s}
        """
            .formatted(headers));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void eval_tokenAndUnreachableJwks_namesTheFetchFailureAndFails() throws IOException {
    int port = closedPort();
    Path policy = policy(port);
    Path request = request("authorization: \"Bearer " + TOKEN + "\"");

    CliRun run = CliRun.of("eval", "-p", policy.toString(), "-r", request.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.out()).contains("DENY 401");
    assertThat(run.err())
        .contains("the keys of http://127.0.0.1:" + port + "/keys could not be fetched")
        .contains("ConnectException")
        .doesNotContain(": null");
  }

  @Test
  void eval_noTokenAndUnreachableJwks_warnsButTheDecisionStands() throws IOException {
    Path policy = policy(closedPort());
    Path request = request("");

    CliRun run = CliRun.of("eval", "-p", policy.toString(), "-r", request.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).contains("could not be fetched");
  }
}
