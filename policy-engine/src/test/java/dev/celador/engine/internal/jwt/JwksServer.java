package dev.celador.engine.internal.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP JWKS and OIDC discovery endpoint on loopback (port 0), counting what it serves. It
 * can fail (503) or hang for a bounded time, to play an identity provider that is down.
 */
public final class JwksServer implements AutoCloseable {

  /** How the JWKS endpoint answers. */
  public enum Mode {
    SERVE,
    FAIL,
    HANG
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
  private final AtomicInteger jwksHits = new AtomicInteger();
  private final AtomicInteger discoveryHits = new AtomicInteger();
  private volatile String jwks;
  private volatile Mode mode = Mode.SERVE;
  private volatile long hangMillis = 3_000;
  private volatile String discoveredJwksUri;

  public JwksServer(String jwks) throws IOException {
    this.jwks = jwks;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", this::serveJwks);
    server.createContext("/.well-known/openid-configuration", this::serveDiscovery);
    server.setExecutor(executor);
    server.start();
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String jwksUri() {
    return base() + "/jwks";
  }

  public void setJwks(String jwks) {
    this.jwks = jwks;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  /** What the discovery document names as {@code jwks_uri}; by default this server's JWKS. */
  public void setDiscoveredJwksUri(String uri) {
    this.discoveredJwksUri = uri;
  }

  /** Answers {@code path} with a 302 to {@code location}. */
  public void redirect(String path, String location) {
    server.createContext(
        path,
        exchange -> {
          exchange.getResponseHeaders().set("Location", location);
          respond(exchange, 302, "");
        });
  }

  public void setHangMillis(long millis) {
    this.hangMillis = millis;
  }

  public int jwksHits() {
    return jwksHits.get();
  }

  public int discoveryHits() {
    return discoveryHits.get();
  }

  private void serveJwks(HttpExchange exchange) throws IOException {
    jwksHits.incrementAndGet();
    switch (mode) {
      case FAIL -> respond(exchange, 503, "{\"error\":\"down\"}");
      case HANG -> {
        try {
          Thread.sleep(hangMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        respond(exchange, 200, jwks);
      }
      case SERVE -> respond(exchange, 200, jwks);
    }
  }

  private void serveDiscovery(HttpExchange exchange) throws IOException {
    discoveryHits.incrementAndGet();
    String jwksUri = discoveredJwksUri == null ? jwksUri() : discoveredJwksUri;
    String document = "{\"issuer\":\"" + base() + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
    respond(exchange, 200, document);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // The client gave up (timeout); nothing to do.
    } finally {
      exchange.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "jwks-test-server");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
