package dev.celador.verify.request;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an Envoy {@code envoy.service.auth.v3.CheckRequest} in proto3 JSON (as Envoy logs it and
 * grpcurl prints it) into an {@link AuthzRequest}. Fields this reader does not use are ignored, as
 * they are by Envoy's own JSON parser with unknown fields allowed, so dumps from newer Envoy
 * versions still load.
 */
public final class CheckRequestMapper {

  /** The header Envoy sets when it sent only the first part of the body. */
  static final String PARTIAL_BODY_HEADER = "x-envoy-auth-partial-body";

  private final String file;

  public CheckRequestMapper(String file) {
    this.file = file;
  }

  public AuthzRequest map(InputNode root) {
    FieldReader top = FieldReader.of(file, "", root);
    FieldReader attributes =
        top.object("attributes")
            .orElseThrow(() -> top.error(root.position(), "a CheckRequest needs 'attributes'"));
    Peer source = peer(attributes.object("source"));
    Peer destination = peer(attributes.object("destination"));
    HttpAttributes http = http(attributes.object("request"));
    String sni = attributes.object("tlsSession").map(tls -> tls.string("sni")).orElse("");
    Map<String, Object> metadata = filterMetadata(attributes.object("metadataContext"));
    // As serve decodes it: proto3 JSON names, through a Struct, so numbers are doubles
    // (CheckRequestParityTest).
    Map<String, Object> raw = ProtoJsonNames.canonical(root);
    return AuthzRequest.builder()
        .source(source)
        .destination(destination)
        .request(http)
        .mtls(!source.principal().isEmpty())
        .requestedServerName(sni)
        .context(attributes.stringMap("contextExtensions"))
        .metadata(metadata)
        .raw(raw)
        .build();
  }

  private static Peer peer(Optional<FieldReader> peer) {
    if (peer.isEmpty()) {
      return Peer.UNKNOWN;
    }
    Optional<FieldReader> socket =
        peer.get().object("address").flatMap(address -> address.object("socketAddress"));
    String address = socket.map(s -> s.string("address")).orElse("");
    long port = socket.map(s -> s.integer("portValue", 0)).orElse(0L);
    return new Peer(address, port, peer.get().string("principal"));
  }

  private HttpAttributes http(Optional<FieldReader> request) {
    if (request.isEmpty()) {
      return HttpAttributes.builder().build();
    }
    Optional<FieldReader> http = request.get().object("http");
    if (http.isEmpty()) {
      return HttpAttributes.builder().time(request.get().timestamp("time")).build();
    }
    FieldReader h = http.get();
    Map<String, String> headers = headers(h);
    String body = h.string("body");
    if (body.isEmpty() && h.has("rawBody")) {
      body = new String(base64(h, "rawBody"), StandardCharsets.UTF_8);
    }
    boolean partial = "true".equalsIgnoreCase(headers.getOrDefault(PARTIAL_BODY_HEADER, ""));
    return HttpAttributes.builder()
        .method(h.string("method"))
        .path(h.string("path"))
        .host(h.string("host"))
        .scheme(h.string("scheme"))
        .protocol(h.string("protocol"))
        .headers(headers)
        .id(h.string("id"))
        .body(body)
        .partialBody(partial)
        .time(request.get().timestamp("time"))
        .build();
  }

  /**
   * Headers from {@code headers} (a map) and {@code headerMap.headers} (a list of key/value pairs,
   * values either in {@code value} or base64 in {@code rawValue}), names lower-cased and repeated
   * names joined with ",".
   */
  private Map<String, String> headers(FieldReader http) {
    Map<String, String> headers = new LinkedHashMap<>();
    http.stringMap("headers").forEach((name, value) -> add(headers, name, value));
    Optional<FieldReader> headerMap = http.object("headerMap");
    Optional<InputNode> list = headerMap.flatMap(map -> map.field("headers"));
    if (list.isEmpty()) {
      return headers;
    }
    if (list.get().kind() != InputNode.Kind.ARRAY) {
      throw headerMap
          .get()
          .error(list.get().position(), "'headerMap.headers' must be a list of {key, value}");
    }
    String path = headerMap.get().qualified("headers");
    for (int i = 0; i < list.get().items().size(); i++) {
      FieldReader entry = FieldReader.of(file, path + "[" + i + "]", list.get().items().get(i));
      String value =
          entry.has("rawValue")
              ? new String(base64(entry, "rawValue"), StandardCharsets.UTF_8)
              : entry.string("value");
      add(headers, entry.string("key"), value);
    }
    return headers;
  }

  private static void add(Map<String, String> headers, String name, String value) {
    headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
  }

  /** proto3 JSON bytes: standard or URL-safe base64, padded or not. */
  private static byte[] base64(FieldReader reader, String name) {
    String text = reader.string(name).trim();
    try {
      return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw reader.error(
          reader.field(name).orElseThrow().position(),
          "'" + reader.qualified(name) + "' is not valid base64: " + e.getMessage());
    }
  }

  private static Map<String, Object> filterMetadata(Optional<FieldReader> metadataContext) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadataContext
        .flatMap(context -> context.object("filterMetadata"))
        .ifPresent(
            filters ->
                filters
                    .node()
                    .members()
                    .forEach((name, member) -> metadata.put(name, member.value().toStructPlain())));
    return metadata;
  }
}
