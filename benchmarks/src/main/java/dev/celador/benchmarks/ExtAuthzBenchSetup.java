package dev.celador.benchmarks;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the inputs of benchmarks/ext-authz.sh into a directory: {@code policies/} with 20 access
 * rules on the benchmark target plus 500 policies for other targets, and {@code check.bin}, one
 * gRPC-framed CheckRequest (as h2load sends it) that the 20th rule allows.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.celador.benchmarks.ExtAuthzBenchSetup
 * DIR}
 */
public final class ExtAuthzBenchSetup {

  private ExtAuthzBenchSetup() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path policies = Files.createDirectories(dir.resolve("policies"));
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
    CheckRequest request =
        CheckRequest.newBuilder()
            .setAttributes(
                AttributeContext.newBuilder()
                    .setSource(
                        AttributeContext.Peer.newBuilder()
                            .setPrincipal("spiffe://cluster.local/ns/web/sa/frontend"))
                    .setDestination(
                        AttributeContext.Peer.newBuilder()
                            .setPrincipal("spiffe://cluster.local/ns/shop/sa/orders"))
                    .setRequest(
                        AttributeContext.Request.newBuilder()
                            .setHttp(
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
                                    .putHeaders("x-request-id", "bench"))))
            .build();
    byte[] message = request.toByteArray();
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(framed);
    out.writeByte(0); // not compressed
    out.writeInt(message.length);
    out.write(message);
    Files.write(dir.resolve("check.bin"), framed.toByteArray());
  }
}
