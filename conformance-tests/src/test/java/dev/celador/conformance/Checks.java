package dev.celador.conformance;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.Map;
import java.util.Optional;

/** Builds CheckRequests the way Envoy sends them, and reads CheckResponses. */
final class Checks {

  private final AttributeContext.Builder attributes = AttributeContext.newBuilder();
  private final AttributeContext.HttpRequest.Builder http =
      AttributeContext.HttpRequest.newBuilder().setScheme("http").setProtocol("HTTP/1.1");

  static Checks request(String method, String host, String path) {
    Checks c = new Checks();
    c.http.setMethod(method).setHost(host).setPath(path).setId("id-" + System.nanoTime());
    c.http.putHeaders(":authority", host).putHeaders(":method", method).putHeaders(":path", path);
    return c;
  }

  Checks header(String name, String value) {
    http.putHeaders(name, value);
    return this;
  }

  Checks body(String body) {
    http.setBody(body);
    return this;
  }

  Checks context(String key, String value) {
    attributes.putContextExtensions(key, value);
    return this;
  }

  Checks source(String principal) {
    attributes.setSource(AttributeContext.Peer.newBuilder().setPrincipal(principal));
    return this;
  }

  Checks destination(String principal) {
    attributes.setDestination(AttributeContext.Peer.newBuilder().setPrincipal(principal));
    return this;
  }

  Checks metadata(String namespace, Map<String, String> fields) {
    var struct = com.google.protobuf.Struct.newBuilder();
    fields.forEach(
        (k, v) ->
            struct.putFields(k, com.google.protobuf.Value.newBuilder().setStringValue(v).build()));
    attributes.setMetadataContext(
        io.envoyproxy.envoy.config.core.v3.Metadata.newBuilder()
            .putFilterMetadata(namespace, struct.build()));
    return this;
  }

  CheckRequest build() {
    return CheckRequest.newBuilder()
        .setAttributes(
            attributes.clone().setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  static Optional<HeaderValueOption> okHeader(CheckResponse r, String name) {
    return r.getOkResponse().getHeadersList().stream()
        .filter(h -> h.getHeader().getKey().equals(name))
        .findFirst();
  }

  static Optional<HeaderValueOption> deniedHeader(CheckResponse r, String name) {
    return r.getDeniedResponse().getHeadersList().stream()
        .filter(h -> h.getHeader().getKey().equalsIgnoreCase(name))
        .findFirst();
  }

  static String metadata(CheckResponse r, String field) {
    return r.getDynamicMetadata().getFieldsOrThrow(field).getStringValue();
  }
}
