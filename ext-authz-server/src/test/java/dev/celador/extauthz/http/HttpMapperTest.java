package dev.celador.extauthz.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.extauthz.InvalidRequestException;
import dev.celador.extauthz.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpMapperTest {

  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 5555);

  static FullHttpRequest get(String uri, Map<String, String> headers) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
    headers.forEach((k, v) -> r.headers().add(k, v));
    return r;
  }

  @Test
  void map_envoyHttpMode_stripsPathPrefixAndKeepsQuery() {
    AuthzRequest r =
        new HttpRequestMapper("/authz", false)
            .map(get("/authz/api/orders?id=1", Map.of("Host", "orders", "X-User", "a")), REMOTE);

    assertThat(r.request().path()).isEqualTo("/api/orders?id=1");
    assertThat(r.request().urlPath()).isEqualTo("/api/orders");
    assertThat(r.request().host()).isEqualTo("orders");
    assertThat(r.request().headers()).containsEntry("x-user", "a");
    assertThat(r.source().address()).isEqualTo("127.0.0.1");
    assertThat(r.context()).isEmpty();
  }

  @Test
  void map_originalHeadersNotTrusted_areIgnored() {
    AuthzRequest r =
        new HttpRequestMapper("", false)
            .map(
                get("/auth", Map.of("X-Original-URI", "/admin", "X-Original-Method", "DELETE")),
                REMOTE);

    assertThat(r.request().path()).isEqualTo("/auth");
    assertThat(r.request().method()).isEqualTo("GET");
  }

  @Test
  void map_nginxTrusted_readsOriginalRequest() {
    AuthzRequest r =
        new HttpRequestMapper("", true)
            .map(
                get(
                    "/auth",
                    Map.of(
                        "X-Original-URI", "/api/x?y=1",
                        "X-Original-Method", "POST",
                        "X-Original-Host", "shop",
                        "X-Real-IP", "192.0.2.1")),
                REMOTE);

    assertThat(r.request().path()).isEqualTo("/api/x?y=1");
    assertThat(r.request().method()).isEqualTo("POST");
    assertThat(r.request().host()).isEqualTo("shop");
    assertThat(r.source().address()).isEqualTo("192.0.2.1");
  }

  @Test
  void map_pathNotAbsolute_isInvalid() {
    assertThatThrownBy(
            () ->
                new HttpRequestMapper("", true)
                    .map(get("/a", Map.of("X-Original-URI", "x")), REMOTE))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void toResponse_allow_200WithHeadersAndHeadersToRemove() {
    Decision d =
        new Decision(
            true,
            200,
            "p",
            "r",
            List.of(),
            Map.of("x-celador-caller", "c"),
            List.of("x-a", "x-b"),
            Map.of(),
            false,
            List.of(),
            List.of());

    FullHttpResponse r = new HttpResponseMapper().toResponse(Verdict.of(d));

    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get("x-celador-caller")).isEqualTo("c");
    assertThat(r.headers().get("x-envoy-auth-headers-to-remove")).isEqualTo("x-a, x-b");
  }

  @Test
  void toResponse_deny401_statusHeadersAndBody() {
    Decision d =
        new Decision(
            false,
            401,
            "p",
            "r",
            List.of("token required"),
            Map.of(),
            List.of(),
            Map.of("www-authenticate", "Bearer realm=\"x\""),
            false,
            List.of(),
            List.of());

    FullHttpResponse r = new HttpResponseMapper().toResponse(Verdict.of(d));

    assertThat(r.status().code()).isEqualTo(401);
    assertThat(r.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"x\"");
    assertThat(r.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"status\":401,\"reason\":\"token required\"}");
  }

  @Test
  void toResponse_deny5xx_sent403SoProxiesCannotFailOpen() {
    Decision d =
        new Decision(
            false,
            503,
            "p",
            "r",
            List.of("x"),
            Map.of(),
            List.of(),
            Map.of(),
            false,
            List.of(),
            List.of());

    assertThat(new HttpResponseMapper().toResponse(Verdict.of(d)).status().code()).isEqualTo(403);
  }

  @Test
  void toResponse_failures_areServerErrorsOrBadRequest() {
    var m = new HttpResponseMapper();
    assertThat(m.toResponse(Verdict.failed(Verdict.Failure.INTERNAL, "x")).status().code())
        .isEqualTo(500);
    assertThat(m.toResponse(Verdict.failed(Verdict.Failure.EVALUATION_ERROR, "x")).status().code())
        .isEqualTo(500);
    assertThat(m.toResponse(Verdict.failed(Verdict.Failure.NOT_READY, "x")).status().code())
        .isEqualTo(503);
    assertThat(m.toResponse(Verdict.failed(Verdict.Failure.BAD_REQUEST, "x")).status().code())
        .isEqualTo(400);
  }
}
