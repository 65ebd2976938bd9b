package dev.celador.conformance;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on loopback with an RSA key generated when the test starts, and the tokens it
 * signs. It can answer 503 until told to serve, to test readiness; publish keys generated later, to
 * play a key rotation; and hold its answers, to play a slow identity provider.
 */
final class JwksServer implements AutoCloseable {

  static final String ISSUER = "https://issuer.conformance.test";

  private final RSAKey key;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicBoolean serving = new AtomicBoolean();
  private final List<RSAKey> published = new CopyOnWriteArrayList<>();
  private volatile long delayMillis;
  final AtomicInteger hits = new AtomicInteger();

  JwksServer(boolean serving) throws Exception {
    this.key = newKey("conformance-1");
    this.serving.set(serving);
    published.add(key);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          hits.incrementAndGet();
          try (exchange) {
            if (!this.serving.get()) {
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            Thread.sleep(delayMillis);
            byte[] jwks =
                new JWKSet(published.stream().map(k -> (JWK) k.toPublicJWK()).toList())
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          } catch (IOException e) {
            // the client went away
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    // A held answer must not hold the next request: one thread per request.
    server.setExecutor(threads);
    server.start();
  }

  static RSAKey newKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** Publishes {@code key} too, from the next answer on (a rotation). */
  void publish(RSAKey key) {
    published.add(key);
  }

  /** Holds every answer for {@code delay} before sending it. */
  void delay(Duration delay) {
    delayMillis = delay.toMillis();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  void serve() {
    serving.set(true);
  }

  /** A token from {@link #ISSUER} for {@code audience}, valid from now on for {@code ttl}. */
  String token(String subject, String audience, String scope, Duration ttl) throws Exception {
    return token(key, subject, audience, scope, ttl);
  }

  /** {@link #token(String, String, String, Duration)}, signed by {@code key}. */
  static String token(RSAKey key, String subject, String audience, String scope, Duration ttl)
      throws Exception {
    Instant now = Instant.now();
    Instant exp = now.plus(ttl);
    Instant iat = exp.isBefore(now) ? exp.minus(Duration.ofHours(1)) : now.minusSeconds(60);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .audience(List.of(audience))
            .claim("scope", scope)
            .issueTime(Date.from(iat))
            .expirationTime(Date.from(exp))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
