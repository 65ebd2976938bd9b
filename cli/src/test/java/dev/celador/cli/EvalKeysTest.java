package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

  /** An issuer whose keys come from {@code keys}, a jwksUri or discovery line. */
  private Path policy(String issuer, String keys) throws IOException {
    return Files.writeString(
        dir.resolve("jwt.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: ci, namespace: shop}
        spec:
          issuers:
            - issuer: %s
              %s
              audiences: [orders]
        """
            .formatted(issuer, keys));
  }

  private Path policy(int closedPort) throws IOException {
    return policy("https://ci.example.com", "jwksUri: http://127.0.0.1:" + closedPort + "/keys");
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

  /** A token from {@code issuer} with a made-up signature: its key is never found anyway. */
  private static String token(String issuer) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
    String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"orders\"}";
    return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }

  private Path discoveryPolicy(String issuer) throws IOException {
    return policy(issuer, "discovery: true");
  }

  @Test
  void eval_unreachableDiscoveryEndpoint_namesTheDiscoveryUrlAndWhy() throws IOException {
    String issuer = "http://127.0.0.1:" + closedPort();
    Path policy = discoveryPolicy(issuer);
    Path request = request("authorization: \"Bearer " + token(issuer) + "\"");

    CliRun run = CliRun.of("eval", "-p", policy.toString(), "-r", request.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err())
        .contains("the keys of " + issuer + " could not be fetched: GET ")
        .contains(
            issuer + "/.well-known/openid-configuration: ConnectException: could not connect");
  }

  @Test
  void eval_discoveryNamesUnreachableJwks_namesTheJwksUrlAndWhy() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    String jwks = "http://127.0.0.1:" + closedPort() + "/jwks";
    server.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          byte[] body =
              ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwks + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      Path policy = discoveryPolicy(issuer);
      Path request = request("authorization: \"Bearer " + token(issuer) + "\"");

      CliRun run = CliRun.of("eval", "-p", policy.toString(), "-r", request.toString());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE_OR_IO);
      assertThat(run.err())
          .contains("the keys of " + issuer + " could not be fetched: GET " + jwks + ": Connect");
    } finally {
      server.stop(0);
    }
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
