package dev.celador.extauthz.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.LowerCaseHeaders;
import dev.celador.engine.api.Peer;
import dev.celador.extauthz.InvalidRequestException;
import dev.celador.extauthz.LazyMap;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference {@link CheckRequestDecoder} is held to: the mapping from the message protobuf
 * parsed, written with its getters (as celador mapped requests before the decoder existed).
 */
final class ProtoCheckRequestMapping {

  private static final String PARTIAL_BODY_HEADER = CheckRequestMapper.PARTIAL_BODY_HEADER;

  private ProtoCheckRequestMapping() {}

  static AuthzRequest map(CheckRequest check) {
    AttributeContext attributes = check.getAttributes();
    AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
    if (http.getMethod().isEmpty() || http.getPath().isEmpty()) {
      throw new InvalidRequestException(
          "CheckRequest has no HTTP request (attributes.request.http.method and path are required)");
    }
    AttributeContext.Peer source = attributes.getSource();
    return AuthzRequest.builder()
        .source(peer(source))
        .destination(peer(attributes.getDestination()))
        .request(http(attributes.getRequest()))
        .mtls(!source.getPrincipal().isEmpty() || !source.getCertificate().isEmpty())
        .requestedServerName(attributes.getTlsSession().getSni())
        .context(attributes.getContextExtensionsMap())
        .metadata(attributes.hasMetadataContext() ? filterMetadata(attributes) : Map.of())
        .raw(new LazyMap(() -> ProtoValues.toMap(check)))
        .build();
  }

  static Peer peer(AttributeContext.Peer peer) {
    Address address = peer.getAddress();
    if (address.hasSocketAddress()) {
      var socket = address.getSocketAddress();
      return new Peer(socket.getAddress(), socket.getPortValue(), peer.getPrincipal());
    }
    if (address.hasPipe()) {
      return new Peer(address.getPipe().getPath(), 0, peer.getPrincipal());
    }
    return new Peer("", 0, peer.getPrincipal());
  }

  static HttpAttributes http(AttributeContext.Request request) {
    AttributeContext.HttpRequest http = request.getHttp();
    Map<String, String> headers = headers(http);
    String body = http.getBody();
    if (body.isEmpty() && !http.getRawBody().isEmpty()) {
      body = utf8(http.getRawBody());
    }
    return HttpAttributes.builder()
        .method(http.getMethod())
        .path(http.getPath())
        .host(http.getHost())
        .scheme(http.getScheme())
        .protocol(http.getProtocol())
        .headers(headers)
        .id(http.getId())
        .body(body)
        .partialBody("true".equalsIgnoreCase(headers.get(PARTIAL_BODY_HEADER)))
        .time(request.hasTime() ? instant(request.getTime()) : null)
        .build();
  }

  /**
   * {@code headers}, or with {@code encode_raw_headers} the repeated {@code header_map} whose
   * values may be raw bytes (decoded as UTF-8, invalid sequences replaced).
   */
  private static Map<String, String> headers(AttributeContext.HttpRequest http) {
    if (http.getHeaderMap().getHeadersCount() == 0) {
      return LowerCaseHeaders.wrapIfLowerCase(http.getHeadersMap()); // a message never changes
    }
    Map<String, String> headers = new LinkedHashMap<>(http.getHeadersMap());
    for (HeaderValue h : http.getHeaderMap().getHeadersList()) {
      String value = h.getRawValue().isEmpty() ? h.getValue() : utf8(h.getRawValue());
      headers.merge(h.getKey(), value, (a, b) -> a + "," + b);
    }
    return headers;
  }

  private static Map<String, Object> filterMetadata(AttributeContext attributes) {
    var filters = attributes.getMetadataContext().getFilterMetadataMap();
    return new LazyMap(
        () -> {
          Map<String, Object> metadata = new HashMap<>();
          filters.forEach((name, struct) -> metadata.put(name, ProtoValues.toMap(struct)));
          return metadata;
        });
  }

  private static String utf8(ByteString bytes) {
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
