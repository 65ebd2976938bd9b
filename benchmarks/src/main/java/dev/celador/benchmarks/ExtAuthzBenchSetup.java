package dev.celador.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Writes the inputs of benchmarks/ext-authz.sh into a directory: {@code policies/} with 20 access
 * rules, a required JwtAuthentication (RS256, key generated now, a claim forwarded upstream) and a
 * local per-caller RateLimitPolicy on the benchmark target plus 500 policies for other targets, and
 * {@code check.bin}, one gRPC-framed CheckRequest (as h2load sends it) with a valid token that the
 * 20th rule allows. Every request carries the same token, so it measures the verified-token cache,
 * as a client's repeated calls do.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.celador.benchmarks.ExtAuthzBenchSetup DIR
 * [BACKEND...]}: with backends (e.g. {@code local redis}, for benchmarks/ratelimit-redis.sh) it
 * writes {@code policies-<backend>/} for each instead of {@code policies/}, identical but for the
 * limit's {@code backend}, all trusting the same key, so one {@code check.bin} serves them all.
 */
public final class ExtAuthzBenchSetup {

  private ExtAuthzBenchSetup() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    if (args.length == 1) {
      writePolicies(Files.createDirectories(dir.resolve("policies")), "local");
      return;
    }
    // One policy directory per rate-limit backend, same policies, key and check.bin otherwise.
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench-1").generate();
    String token = null;
    for (int i = 1; i < args.length; i++) {
      Path policies = Files.createDirectories(dir.resolve("policies-" + args[i]));
      token = writePolicies(policies, args[i], key);
    }
    writeCheck(dir, token);
  }

  private static void writePolicies(Path policies, String backend) throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench-1").generate();
    writeCheck(policies.getParent(), writePolicies(policies, backend, key));
  }

  /** Writes every policy into {@code policies}; returns the token the check request carries. */
  private static String writePolicies(Path policies, String backend, RSAKey key) throws Exception {
    StringBuilder target =
        new StringBuilder(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: orders-access, namespace: shop}
            spec:
              target: {namespaces: [shop], serviceAccounts: [orders]}
              action: ALLOW
              rules:
            """);
    for (int i = 1; i <= 19; i++) {
      target.append(
          """
              - name: caller-%1$d
                when: >-
                  source.principal == "spiffe://cluster.local/ns/team-%1$d/sa/client" &&
                  request.method == "GET" && request.url_path.startsWith("/api/v%1$d/")
          """
              .formatted(i));
    }
    target.append(
        """
            - name: frontend-reads
              when: >-
                source.namespace == "web" && source.service_account == "frontend" &&
                request.method in ["GET", "HEAD"] && request.url_path.startsWith("/api/orders") &&
                request.headers["x-tenant"] == "acme"
          allowResponse:
            headers:
              x-celador-caller: source.principal
        """);
    Files.writeString(policies.resolve("target.yaml"), target);
    StringBuilder others = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      others.append(
          """
          apiVersion: celador.dev/v1alpha1
          kind: AccessPolicy
          metadata: {name: other-%1$d, namespace: ns-%1$d}
          spec:
            target: {namespaces: [ns-%1$d]}
            action: ALLOW
            rules:
              - name: same-namespace
                when: source.namespace == destination.namespace && request.method != "DELETE"
          ---
          """
              .formatted(i));
    }
    Files.writeString(policies.resolve("others.yaml"), others);
    String token = jwt(policies, key);
    // A local limit per caller, high enough never to deny the benchmark's single caller
    // (the script fails on any denial), so every request pays for one bucket check.
    Files.writeString(
        policies.resolve("ratelimit.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: RateLimitPolicy
        metadata: {name: orders-limits, namespace: shop}
        spec:
          target: {namespaces: [shop], serviceAccounts: [orders]}
          limits:
            - name: per-caller
              key: source.principal
              rate: {requests: 1000000, period: 1s}
              backend: %s
        """
            .formatted(backend));
    return token;
  }

  /**
   * Writes {@code check.bin}: one gRPC-framed CheckRequest carrying {@code token}; and {@code
   * check-unlimited.bin}, a GET within namespace ns-7 that policy other-7 allows with no rate limit
   * and no token (for benchmarks/redis-stall.sh: a route that never needs Redis).
   */
  private static void writeCheck(Path dir, String token) throws Exception {
    writeFramed(dir.resolve("check.bin"), check(token, "shop", "orders", "web", "frontend"));
    writeFramed(dir.resolve("check-unlimited.bin"), check(null, "ns-7", "api", "ns-7", "client"));
  }

  /** Writes {@code request} gRPC-framed, as h2load sends a file's bytes as the request body. */
  static void writeFramed(Path file, CheckRequest request) throws Exception {
    byte[] message = request.toByteArray();
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(framed);
    out.writeByte(0); // not compressed
    out.writeInt(message.length);
    out.write(message);
    Files.write(file, framed.toByteArray());
  }

  private static CheckRequest check(
      String token,
      String namespace,
      String account,
      String sourceNamespace,
      String sourceAccount) {
    AttributeContext.HttpRequest.Builder http =
        AttributeContext.HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath("/api/orders/42?expand=items")
            .setHost("orders.shop.svc.cluster.local")
            .setScheme("https")
            .setProtocol("HTTP/2")
            .setId("bench")
            .putHeaders(":authority", "orders.shop.svc.cluster.local")
            .putHeaders(":method", "GET")
            .putHeaders(":path", "/api/orders/42?expand=items")
            .putHeaders("user-agent", "h2load")
            .putHeaders("accept", "application/json")
            .putHeaders("x-tenant", "acme")
            .putHeaders("x-request-id", "bench");
    if (token != null) {
      http.putHeaders("authorization", "Bearer " + token);
    }
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setSource(
                    AttributeContext.Peer.newBuilder()
                        .setPrincipal(
                            "spiffe://cluster.local/ns/"
                                + sourceNamespace
                                + "/sa/"
                                + sourceAccount))
                .setDestination(
                    AttributeContext.Peer.newBuilder()
                        .setPrincipal("spiffe://cluster.local/ns/" + namespace + "/sa/" + account))
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  /** Writes the JWKS and the JwtAuthentication of the target; returns a token valid for a day. */
  private static String jwt(Path policies, RSAKey key) throws Exception {
    Files.writeString(policies.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
    Files.writeString(
        policies.resolve("jwt.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: orders-jwt, namespace: shop}
        spec:
          target: {namespaces: [shop], serviceAccounts: [orders]}
          issuers:
            - issuer: https://login.bench.test
              jwksFile: jwks.json
          audiences: [orders-api]
          required: true
          forwardClaims:
            - {claim: sub, header: x-user-id}
        """);
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer("https://login.bench.test")
                .subject("user-42")
                .audience("orders-api")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofDays(1))))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
