package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot hold the webhook: a connection trickling its request head is cut off after
 * the header timeout, and with more trickling connections open than the connection limit a
 * well-behaved review is still answered. Functional checks; webhook-slow-clients.sh measures.
 */
class WebhookSlowClientsIT {

  private static final int MAX_CONNECTIONS = 20;
  private static final long TRICKLE_MILLIS = 300;

  @TempDir static Path dir;
  static TestServer server;
  static SSLContext client;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    var started =
        TestServer.withFreshCa(
            dir,
            List.of(
                "--celador.webhook.max-connections=" + MAX_CONNECTIONS,
                "--celador.webhook.header-timeout=2s"));
    server = started.server();
    client = started.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void trickler_pastHeaderTimeout_isCutOff() throws Exception {
    // One byte every 300 ms never trips the 10 s read timeout; only the 2 s head deadline ends it.
    try (SSLSocket socket =
        (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port)) {
      socket.startHandshake();
      long start = System.nanoTime();

      boolean closed = trickleUntilClosed(socket, new AtomicBoolean(true), 15_000);

      long heldMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(closed).as("closed by the server").isTrue();
      // Each connection's bound is between 3/4 of the timeout and all of it.
      assertThat(heldMillis).isBetween(1_500L, 10_000L);
    }
  }

  @Test
  void validate_moreTricklersThanConnectionLimit_stillAnswers() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger cutOff = new AtomicInteger();
    List<Thread> tricklers = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS + 10; i++) {
      Thread t = new Thread(() -> trickleAgainAndAgain(running, cutOff));
      t.setDaemon(true);
      t.start();
      tricklers.add(t);
    }
    try {
      Thread.sleep(1_500); // every slot taken, the rest waiting in the backlog
      HttpClient wellBehaved =
          HttpClient.newBuilder()
              .sslContext(client)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();

      HttpResponse<String> response =
          wellBehaved.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + server.port + "/validate"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(allowedReview()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"allowed\":true");
      assertThat(cutOff.get()).as("tricklers cut off by the server").isPositive();
    } finally {
      running.set(false);
      for (Thread t : tricklers) {
        t.join(5_000);
      }
    }
  }

  private static void trickleAgainAndAgain(AtomicBoolean running, AtomicInteger cutOff) {
    while (running.get()) {
      try (SSLSocket socket =
          (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port)) {
        socket.setSoTimeout(2_000);
        socket.startHandshake();
        if (trickleUntilClosed(socket, running, 60_000)) {
          cutOff.incrementAndGet();
        }
      } catch (IOException e) {
        // Closed during the handshake or refused: try again, as an attacker would.
        cutOff.incrementAndGet();
      }
    }
  }

  /**
   * Sends the start of a request and then one header byte every 300 ms, never ending the head; true
   * when the server closed the connection, false when {@code running} ended or {@code maxMillis}
   * passed first.
   */
  private static boolean trickleUntilClosed(SSLSocket socket, AtomicBoolean running, long maxMillis)
      throws IOException {
    socket.setSoTimeout((int) TRICKLE_MILLIS);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (running.get() && System.nanoTime() < deadline) {
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        try {
          out.write('a');
          out.flush();
        } catch (IOException closed) {
          return true;
        }
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }

  private static byte[] allowedReview() throws Exception {
    return Files.readAllBytes(
        Path.of(WebhookSlowClientsIT.class.getResource("/webhook/allowed.json").toURI()));
  }
}
