package dev.celador.extauthz.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.extauthz.InvalidRequestException;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckRequestMapperTest {

  private final CheckRequestMapper mapper = new CheckRequestMapper();

  /** The mapping of {@code request} as it arrives: its wire bytes. */
  private AuthzRequest map(CheckRequest request) {
    return mapper.map(request.toByteArray());
  }

  static AttributeContext.HttpRequest.Builder http(String method, String path) {
    return AttributeContext.HttpRequest.newBuilder()
        .setMethod(method)
        .setPath(path)
        .setHost("orders.shop.svc:8080")
        .setScheme("https")
        .setProtocol("HTTP/1.1")
        .setId("req-1");
  }

  static CheckRequest request(AttributeContext.HttpRequest.Builder http) {
    return request(AttributeContext.newBuilder(), http);
  }

  static CheckRequest request(
      AttributeContext.Builder attributes, AttributeContext.HttpRequest.Builder http) {
    return CheckRequest.newBuilder()
        .setAttributes(
            attributes.setRequest(AttributeContext.Request.newBuilder().setHttp(http).build()))
        .build();
  }

  @Test
  void map_pathWithQuery_keepsQueryInPathAndDropsItFromUrlPath() {
    AuthzRequest r = map(request(http("GET", "/api/orders?id=7&x=1")));

    assertThat(r.request().path()).isEqualTo("/api/orders?id=7&x=1");
    assertThat(r.request().urlPath()).isEqualTo("/api/orders");
    assertThat(r.request().query()).isEqualTo("id=7&x=1");
    assertThat(r.request().method()).isEqualTo("GET");
    assertThat(r.request().host()).isEqualTo("orders.shop.svc:8080");
    assertThat(r.request().scheme()).isEqualTo("https");
    assertThat(r.request().id()).isEqualTo("req-1");
  }

  @Test
  void map_mixedCaseHeaders_lowerCasesNames() {
    AuthzRequest r = map(request(http("GET", "/").putHeaders("X-User", "mallory")));

    assertThat(r.request().headers()).containsEntry("x-user", "mallory");
  }

  @Test
  void map_rawHeaderMap_decodesBytesAndJoinsRepeatedNames() {
    var headers =
        HeaderMap.newBuilder()
            .addHeaders(HeaderValue.newBuilder().setKey("x-a").setValue("1"))
            .addHeaders(
                HeaderValue.newBuilder().setKey("x-a").setRawValue(ByteString.copyFromUtf8("2")))
            .addHeaders(
                HeaderValue.newBuilder()
                    .setKey("x-bad")
                    .setRawValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 'a'})));

    AuthzRequest r = map(request(http("GET", "/").setHeaderMap(headers)));

    assertThat(r.request().headers()).containsEntry("x-a", "1,2");
    assertThat(r.request().headers().get("x-bad")).isEqualTo("\uFFFDa");
  }

  @Test
  void map_partialBodyHeader_setsPartialBody() {
    AuthzRequest r =
        map(
            request(
                http("POST", "/").putHeaders("x-envoy-auth-partial-body", "true").setBody("ab")));

    assertThat(r.request().partialBody()).isTrue();
    assertThat(r.request().body()).isEqualTo("ab");
  }

  @Test
  void map_rawBody_decodesUtf8() {
    AuthzRequest r =
        map(request(http("POST", "/").setRawBody(ByteString.copyFromUtf8("{\"a\":1}"))));

    assertThat(r.request().body()).isEqualTo("{\"a\":1}");
    assertThat(r.request().partialBody()).isFalse();
  }

  @Test
  void map_peersAndTls_setsPrincipalsAddressesMtlsAndSni() {
    var attributes =
        AttributeContext.newBuilder()
            .setSource(
                AttributeContext.Peer.newBuilder()
                    .setPrincipal("spiffe://cluster.local/ns/web/sa/frontend")
                    .setAddress(socket("10.0.0.1", 4321)))
            .setDestination(
                AttributeContext.Peer.newBuilder()
                    .setPrincipal("spiffe://cluster.local/ns/shop/sa/orders")
                    .setAddress(socket("10.0.0.2", 8080)))
            .setTlsSession(AttributeContext.TLSSession.newBuilder().setSni("orders.shop"));

    AuthzRequest r = map(request(attributes, http("GET", "/")));

    assertThat(r.source().address()).isEqualTo("10.0.0.1");
    assertThat(r.source().port()).isEqualTo(4321);
    assertThat(r.source().namespace()).isEqualTo("web");
    assertThat(r.source().serviceAccount()).isEqualTo("frontend");
    assertThat(r.destination().namespace()).isEqualTo("shop");
    assertThat(r.destination().serviceAccount()).isEqualTo("orders");
    assertThat(r.mtls()).isTrue();
    assertThat(r.requestedServerName()).isEqualTo("orders.shop");
  }

  @Test
  void map_noPeerCertificate_isNotMtls() {
    AuthzRequest r = map(request(http("GET", "/")));

    assertThat(r.mtls()).isFalse();
    assertThat(r.source().principal()).isEmpty();
  }

  @Test
  void map_pipeAddress_usesSocketPath() {
    var attributes =
        AttributeContext.newBuilder()
            .setSource(
                AttributeContext.Peer.newBuilder()
                    .setAddress(
                        Address.newBuilder().setPipe(Pipe.newBuilder().setPath("/run/a.sock"))));

    assertThat(map(request(attributes, http("GET", "/"))).source().address())
        .isEqualTo("/run/a.sock");
  }

  @Test
  void map_contextExtensionsAndMetadata_becomeContextAndMetadata() {
    var metadata =
        Metadata.newBuilder()
            .putFilterMetadata(
                "envoy.filters.http.jwt_authn",
                Struct.newBuilder()
                    .putFields("sub", Value.newBuilder().setStringValue("alice").build())
                    .build());
    var attributes =
        AttributeContext.newBuilder()
            .putContextExtensions("route", "orders-read")
            .setMetadataContext(metadata);

    AuthzRequest r = map(request(attributes, http("GET", "/")));

    assertThat(r.context()).containsEntry("route", "orders-read");
    assertThat(r.metadata()).containsEntry("envoy.filters.http.jwt_authn", Map.of("sub", "alice"));
  }

  @Test
  void map_raw_isTheRequestAsProto3Json() {
    AuthzRequest r =
        map(
            request(
                AttributeContext.newBuilder().putContextExtensions("k", "v"),
                http("GET", "/x").putHeaders("a", "b")));

    @SuppressWarnings("unchecked")
    var attributes = (Map<String, Object>) r.raw().get("attributes");
    assertThat(attributes).containsEntry("contextExtensions", Map.of("k", "v"));
    assertThat(attributes.get("request").toString()).contains("path=/x");
  }

  @Test
  void map_time_isTheRequestTime() {
    var request =
        CheckRequest.newBuilder()
            .setAttributes(
                AttributeContext.newBuilder()
                    .setRequest(
                        AttributeContext.Request.newBuilder()
                            .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5))
                            .setHttp(http("GET", "/"))))
            .build();

    assertThat(map(request).request().time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 5));
  }

  @Test
  void map_emptyRequest_isInvalid() {
    assertThatThrownBy(() -> map(CheckRequest.getDefaultInstance()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no HTTP request");
  }

  private static Address socket(String address, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(address).setPortValue(port))
        .build();
  }
}
