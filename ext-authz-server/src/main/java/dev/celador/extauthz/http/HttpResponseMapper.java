package dev.celador.extauthz.http;

import dev.celador.engine.api.Decision;
import dev.celador.extauthz.DenyBody;
import dev.celador.extauthz.Verdict;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A {@link Verdict} → the HTTP answer Envoy's HTTP mode and nginx {@code auth_request} expect.
 *
 * <ul>
 *   <li>Allow: 200 with the upstream headers (the proxy copies those it is configured to) and
 *       {@code x-envoy-auth-headers-to-remove} listing identity headers to strip.
 *   <li>Deny: the decision's status (401, 403, 429, ...), its headers and the JSON reason body. A
 *       5xx denial is sent as 403: proxies treat 5xx as "authorization server failed" and {@code
 *       failure_mode_allow} would let the request through.
 *   <li>Failure: 500 (503 before policies load, 400 for an unreadable request), which Envoy treats
 *       as an error, so {@code failure_mode_allow} and {@code status_on_error} apply.
 * </ul>
 */
public final class HttpResponseMapper {

  public static final String HEADERS_TO_REMOVE = "x-envoy-auth-headers-to-remove";

  public FullHttpResponse toResponse(Verdict verdict) {
    if (verdict.failed()) {
      int status =
          switch (verdict.failure()) {
            case BAD_REQUEST -> 400;
            case NOT_READY -> 503;
            case EVALUATION_ERROR, INTERNAL -> 500;
          };
      return NettyHttpServer.text(
          HttpResponseStatus.valueOf(status),
          DenyBody.CONTENT_TYPE,
          DenyBody.of(status, verdict.detail()));
    }
    Decision decision = verdict.decision();
    if (decision.allowed()) {
      FullHttpResponse ok = NettyHttpServer.text(HttpResponseStatus.OK, "text/plain", "");
      decision.headers().forEach((name, value) -> ok.headers().set(name, value));
      decision.responseHeaders().forEach((name, value) -> ok.headers().set(name, value));
      if (!decision.headersToRemove().isEmpty()) {
        ok.headers().set(HEADERS_TO_REMOVE, String.join(", ", decision.headersToRemove()));
      }
      return ok;
    }
    int status = decision.status() >= 400 && decision.status() < 500 ? decision.status() : 403;
    FullHttpResponse denied =
        NettyHttpServer.text(
            HttpResponseStatus.valueOf(status),
            DenyBody.CONTENT_TYPE,
            DenyBody.of(
                status, decision.reasons().isEmpty() ? "denied" : decision.reasons().get(0)));
    decision.responseHeaders().forEach((name, value) -> denied.headers().set(name, value));
    return denied;
  }
}
