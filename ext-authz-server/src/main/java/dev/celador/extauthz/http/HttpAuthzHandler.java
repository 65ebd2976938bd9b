package dev.celador.extauthz.http;

import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;

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
  public FullHttpResponse handle(FullHttpRequest request, InetSocketAddress remote) {
    Verdict verdict = authorizer.authorize(Transport.HTTP, () -> requests.map(request, remote));
    return responses.toResponse(verdict);
  }
}
