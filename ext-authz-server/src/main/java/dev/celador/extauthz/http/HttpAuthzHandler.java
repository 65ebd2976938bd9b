package dev.celador.extauthz.http;

import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.Transport;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Envoy's HTTP mode and nginx {@code auth_request}: every path is an authorization request. */
public final class HttpAuthzHandler implements NettyHttpServer.Handler {

  private final Authorizer authorizer;
  private final HttpRequestMapper requests;
  private final HttpResponseMapper responses = new HttpResponseMapper();

  public HttpAuthzHandler(Authorizer authorizer, HttpRequestMapper requests) {
    this.authorizer = authorizer;
    this.requests = requests;
  }

  @Override
  public CompletionStage<FullHttpResponse> handle(
      FullHttpRequest request, InetSocketAddress remote) {
    CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
    // The request is mapped before authorize returns, while Netty still holds its buffers.
    authorizer.authorize(
        Transport.HTTP,
        () -> requests.map(request, remote),
        verdict -> response.complete(responses.toResponse(verdict)));
    return response;
  }
}
