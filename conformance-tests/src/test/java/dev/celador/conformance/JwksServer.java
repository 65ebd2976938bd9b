package dev.celador.conformance;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on loopback with an RSA key generated when the test starts, and the tokens it
 * signs. It can answer 503 until told to serve, to test readiness.
 */
final class JwksServer implements AutoCloseable {

  static final String ISSUER = "https://issuer.conformance.test";

  private final RSAKey key;
  private final HttpServer server;
  private final AtomicBoolean serving = new AtomicBoolean();
  final AtomicInteger hits = new AtomicInteger();

  JwksServer(boolean serving) throws Exception {
    this.key = new RSAKeyGenerator(2048).keyID("conformance-1").generate();
    this.serving.set(serving);
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
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
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          } catch (IOException e) {
            // the client went away
          }
        });
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  void serve() {
    serving.set(true);
  }

  /** A token from {@link #ISSUER} for {@code audience}, valid from now on for {@code ttl}. */
  String token(String subject, String audience, String scope, Duration ttl) throws Exception {
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
  }
}
