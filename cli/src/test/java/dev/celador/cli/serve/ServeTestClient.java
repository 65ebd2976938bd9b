package dev.celador.cli.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the in-JVM serve tests ask of a running serve, and a cluster it cannot reach. */
final class ServeTestClient {

  private ServeTestClient() {}

  /**
   * The status of {@code GET /orders} in HTTP mode with {@code header} (may be empty); a raw
   * request, since the JDK client may not set Host.
   */
  static int check(int httpPort, String host, String header) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", httpPort)) {
      socket.setSoTimeout(5_000);
      String request =
          "GET /orders HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + (header.isEmpty() ? "" : header + "\r\n")
              + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String status =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  /** A kubeconfig for an API server on {@code port} of loopback, where nothing should listen. */
  static Path unreachableKubeconfig(Path dir, int port) throws IOException {
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: {token: not-a-secret}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """
            .formatted(port));
  }
}
