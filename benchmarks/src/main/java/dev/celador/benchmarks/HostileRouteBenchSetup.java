package dev.celador.benchmarks;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the inputs of benchmarks/hostile-route.sh into a directory: {@code policies/} with a plain
 * RBAC policy for one route and, for another, a policy that loads (its estimated worst case is far
 * under the limit) but costs milliseconds of CPU per request when a client sends the largest header
 * Envoy forwards; {@code plain.bin} and {@code hostile.bin}, one gRPC-framed CheckRequest for each
 * route (the hostile one with a 60 KiB header that makes the regex walk all of it).
 *
 * <p>Both in the root namespace (no {@code metadata.namespace}), so their host targets apply
 * whatever the destination.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.celador.benchmarks.HostileRouteBenchSetup
 * DIR}
 */
public final class HostileRouteBenchSetup {

  static final String PLAIN_HOST = "web.plain.svc.cluster.local";
  static final String HOSTILE_HOST = "api.hostile.svc.cluster.local";

  private HostileRouteBenchSetup() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        policies.resolve("routes.yaml"),
        """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: plain}
        spec:
          target: {hosts: [%s]}
          action: ALLOW
          rules:
            - name: frontend-reads
              when: >-
                source.principal == "spiffe://cluster.local/ns/web/sa/frontend" &&
                request.method == "GET" && request.url_path.startsWith("/api/")
        ---
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: hostile}
        spec:
          target: {hosts: [%s]}
          action: ALLOW
          rules:
            - name: slow-regex
              when: '!request.headers["x-a"].matches("(x|y|a)*[ab]{20}c")'
        """
            .formatted(PLAIN_HOST, HOSTILE_HOST));
    ExtAuthzBenchSetup.writeFramed(dir.resolve("plain.bin"), check(PLAIN_HOST, ""));
    ExtAuthzBenchSetup.writeFramed(
        dir.resolve("hostile.bin"), check(HOSTILE_HOST, "a".repeat(60 * 1024)));
  }

  private static CheckRequest check(String host, String header) {
    AttributeContext.HttpRequest.Builder http =
        AttributeContext.HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath("/api/items/7")
            .setHost(host)
            .setScheme("https")
            .setProtocol("HTTP/2")
            .putHeaders(":authority", host)
            .putHeaders(":method", "GET")
            .putHeaders(":path", "/api/items/7");
    if (!header.isEmpty()) {
      http.putHeaders("x-a", header);
    }
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setSource(
                    AttributeContext.Peer.newBuilder()
                        .setPrincipal("spiffe://cluster.local/ns/web/sa/frontend"))
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }
}
