package dev.celador.cli.serve;

import dev.celador.engine.internal.eval.CompiledPolicy;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.Target;
import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.grpc.AuthorizationService;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic checks before readiness, so the JIT has compiled the hot path (mapping, CEL programs,
 * response building, the gRPC and HTTP stacks) before the first real request: Envoy's default
 * ext_authz timeout is 200 ms. Requests are shaped after the loaded policies' targets so their
 * rules actually run. Decisions made here are neither logged nor counted.
 */
final class WarmUp {

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  private static final String[] PATHS = {"/", "/api/orders?id=1", "/api/items/7", "/healthz"};

  /**
   * Calls through the real gRPC port: enough to load and initialize the server's transport classes,
   * which is most of a cold first call (~130 ms on a 2-core machine, ~35 ms after). No more: the
   * gRPC client runs in this JVM on the same Netty classes, and while it keeps calling, the JIT
   * profiles Netty's shared code with the client's types too, and compiles the server's hot path
   * less well for good (7 % fewer Checks per second measured with a 1 s client phase).
   */
  private static final int GRPC_CALLS = 4;

  private WarmUp() {}

  /** Runs for about {@code duration}; ports of -1 skip that transport. */
  static int run(
      Authorizer authorizer, CompiledPolicySet set, int grpcPort, int httpPort, Duration duration) {
    List<CheckRequest> requests = requests(set);
    long deadline = System.nanoTime() + duration.toNanos();
    AuthorizationService service = new AuthorizationService(authorizer);
    StreamObserver<CheckResponse> sink = new Sink();
    int sent = 0;
    // In-process first: the engine and mappers dominate and need the most iterations.
    long inProcessEnd = System.nanoTime() + duration.toNanos() / 2;
    List<byte[]> wire = requests.stream().map(CheckRequest::toByteArray).toList();
    while (System.nanoTime() < inProcessEnd) {
      for (byte[] r : wire) {
        service.check(r, sink);
        sent++;
      }
    }
    sent += overGrpc(grpcPort, requests, deadline);
    sent += overHttp(httpPort, deadline);
    return sent;
  }

  private static int overGrpc(int port, List<CheckRequest> requests, long deadline) {
    if (port < 0) {
      return 0;
    }
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    int sent = 0;
    try {
      var stub = AuthorizationGrpc.newBlockingStub(channel);
      while (sent < GRPC_CALLS && System.nanoTime() < deadline) {
        try {
          stub.withDeadlineAfter(2, TimeUnit.SECONDS).check(requests.get(sent % requests.size()));
        } catch (RuntimeException e) {
          // Errors are answers too (e.g. evaluation errors); TLS-only servers refuse plaintext.
        }
        sent++;
      }
    } finally {
      channel.shutdownNow();
    }
    return sent;
  }

  private static int overHttp(int port, long deadline) {
    if (port < 0) {
      return 0;
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    int sent = 0;
    long end = Math.max(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
    while (System.nanoTime() < end && sent < 2000) {
      try {
        HttpRequest r =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATHS[sent % 4]))
                .timeout(Duration.ofSeconds(1))
                .header("x-request-id", "warmup")
                .build();
        client.send(r, HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        return sent;
      }
      sent++;
    }
    return sent;
  }

  /** Requests for every host, namespace/service account and context of the policies' targets. */
  static List<CheckRequest> requests(CompiledPolicySet set) {
    List<CheckRequest> out = new ArrayList<>();
    int i = 0;
    for (CompiledPolicy policy : set.policies()) {
      Target t = policy.source().target();
      String host = t.hosts().isEmpty() ? "svc.local" : t.hosts().get(0).replace("*.", "a.");
      String ns = t.namespaces().isEmpty() ? "default" : t.namespaces().get(0);
      String sa = t.serviceAccounts().isEmpty() ? "default" : t.serviceAccounts().get(0);
      String destination =
          t.principals().isEmpty()
              ? "spiffe://cluster.local/ns/" + ns + "/sa/" + sa
              : t.principals().get(0);
      for (int k = 0; k < 2; k++, i++) {
        out.add(request(host, destination, t, METHODS[i % 4], PATHS[i % 4]));
      }
      if (out.size() >= 256) {
        break;
      }
    }
    if (out.isEmpty()) {
      out.add(request("svc.local", "", Target.everything(null), "GET", "/"));
    }
    return out;
  }

  private static CheckRequest request(
      String host, String destination, Target target, String method, String path) {
    var http =
        AttributeContext.HttpRequest.newBuilder()
            .setMethod(method)
            .setPath(path)
            .setHost(host)
            .setScheme("http")
            .setProtocol("HTTP/1.1")
            .setId("warmup")
            .putHeaders("user-agent", "celador-warmup")
            .putHeaders("x-request-id", "warmup");
    return CheckRequest.newBuilder()
        .setAttributes(
            AttributeContext.newBuilder()
                .setSource(
                    AttributeContext.Peer.newBuilder()
                        .setPrincipal("spiffe://cluster.local/ns/warmup/sa/warmup"))
                .setDestination(AttributeContext.Peer.newBuilder().setPrincipal(destination))
                .putAllContextExtensions(target.contextExtensions())
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  private static final class Sink implements StreamObserver<CheckResponse> {
    @Override
    public void onNext(CheckResponse value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
