package dev.celador.verify.request;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.util.List;
import java.util.Optional;

/**
 * Turns the compact request form, written by hand for tests and examples, into an {@link
 * AuthzRequest}:
 *
 * <pre>
 * source:      {principal | namespace + serviceAccount, address, port}
 * destination: {principal | namespace + serviceAccount, address, port}
 * request:     {method, path, host, scheme, protocol, headers, body, id, time}
 * context:     {key: value, ...}          # the route's context extensions
 * connection:  {mtls, requestedServerName}
 * </pre>
 *
 * A {@code namespace} and {@code serviceAccount} pair stands for the SPIFFE ID {@code
 * spiffe://cluster.local/ns/N/sa/S}. Without {@code connection.mtls}, the connection counts as
 * mutual TLS when the source has a principal, as it does for Envoy CheckRequests. Unknown fields
 * are errors, so a typo never silently drops a condition.
 */
public final class CompactRequestMapper {

  public static final String TRUST_DOMAIN = "cluster.local";

  private static final List<String> TOP =
      List.of("source", "destination", "request", "context", "connection");
  private static final List<String> PEER =
      List.of("principal", "namespace", "serviceAccount", "address", "port");
  private static final List<String> REQUEST =
      List.of("method", "path", "host", "scheme", "protocol", "headers", "body", "id", "time");
  private static final List<String> CONNECTION = List.of("mtls", "requestedServerName");

  private final String file;

  public CompactRequestMapper(String file) {
    this.file = file;
  }

  public AuthzRequest map(InputNode root) {
    FieldReader top = FieldReader.of(file, "", root);
    top.rejectUnknown(TOP);
    Peer source = peer(top.object("source"));
    Peer destination = peer(top.object("destination"));
    HttpAttributes http = http(top.object("request"));
    Optional<FieldReader> connection = top.object("connection");
    connection.ifPresent(c -> c.rejectUnknown(CONNECTION));
    boolean mtls = connection.flatMap(c -> c.bool("mtls")).orElse(!source.principal().isEmpty());
    String sni = connection.map(c -> c.string("requestedServerName")).orElse("");
    return AuthzRequest.builder()
        .source(source)
        .destination(destination)
        .request(http)
        .mtls(mtls)
        .requestedServerName(sni)
        .context(top.stringMap("context"))
        .build();
  }

  private static Peer peer(Optional<FieldReader> reader) {
    if (reader.isEmpty()) {
      return Peer.UNKNOWN;
    }
    FieldReader peer = reader.get();
    peer.rejectUnknown(PEER);
    return new Peer(peer.string("address"), port(peer), principal(peer));
  }

  private static String principal(FieldReader peer) {
    String principal = peer.string("principal");
    boolean hasNamespace = peer.has("namespace");
    boolean hasServiceAccount = peer.has("serviceAccount");
    if (!hasNamespace && !hasServiceAccount) {
      return principal;
    }
    String given = hasNamespace ? "namespace" : "serviceAccount";
    InputNode at = peer.field(given).orElseThrow();
    if (!principal.isEmpty()) {
      throw peer.error(
          at.position(),
          "give either '"
              + peer.qualified("principal")
              + "' or 'namespace' with 'serviceAccount', not both");
    }
    if (hasNamespace != hasServiceAccount) {
      String missing = hasNamespace ? "serviceAccount" : "namespace";
      throw peer.error(
          at.position(),
          "'" + peer.qualified(given) + "' needs '" + peer.qualified(missing) + "' too");
    }
    return "spiffe://"
        + TRUST_DOMAIN
        + "/ns/"
        + peer.string("namespace")
        + "/sa/"
        + peer.string("serviceAccount");
  }

  private static long port(FieldReader peer) {
    long port = peer.integer("port", 0);
    if (port < 0 || port > 65535) {
      throw peer.error(
          peer.field("port").orElseThrow().position(),
          "'" + peer.qualified("port") + "' must be between 0 and 65535, found " + port);
    }
    return port;
  }

  private static HttpAttributes http(Optional<FieldReader> reader) {
    if (reader.isEmpty()) {
      return HttpAttributes.builder().build();
    }
    FieldReader request = reader.get();
    request.rejectUnknown(REQUEST);
    return HttpAttributes.builder()
        .method(request.string("method"))
        .path(request.string("path"))
        .host(request.string("host"))
        .scheme(request.string("scheme"))
        .protocol(request.string("protocol"))
        .headers(request.stringMap("headers"))
        .id(request.string("id"))
        .body(request.string("body"))
        .time(request.timestamp("time"))
        .build();
  }
}
