package dev.celador.cli.serve;

import dev.celador.extauthz.http.NettyHttpServer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The management port: {@code /healthz} (liveness) and {@code /readyz} (readiness), both JSON with
 * the same {@code admission} detail under {@code --admission}, and {@code /metrics} for both front
 * doors and the JVM.
 */
final class ManagementHandler implements NettyHttpServer.Handler {

  private final ServeState state;
  private final Supplier<String> metrics;

  ManagementHandler(ServeState state, Supplier<String> metrics) {
    this.state = state;
    this.metrics = metrics;
  }

  @Override
  public CompletionStage<FullHttpResponse> handle(
      FullHttpRequest request, InetSocketAddress remote) {
    return CompletableFuture.completedFuture(answer(request));
  }

  private FullHttpResponse answer(FullHttpRequest request) {
    String path = request.uri();
    int q = path.indexOf('?');
    path = q < 0 ? path : path.substring(0, q);
    return switch (path) {
      case "/healthz" ->
          NettyHttpServer.text(
              state.live() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              "application/json",
              state.liveJson() + "\n");
      case "/readyz" ->
          NettyHttpServer.text(
              state.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              "application/json",
              state.toJson() + "\n");
      case "/metrics" ->
          NettyHttpServer.text(
              HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
      default -> NettyHttpServer.text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
    };
  }
}
