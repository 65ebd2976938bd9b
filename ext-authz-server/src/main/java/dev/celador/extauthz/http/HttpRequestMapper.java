package dev.celador.extauthz.http;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.extauthz.InvalidRequestException;
import dev.celador.extauthz.grpc.CheckRequestMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP authorization request → the engine's {@link AuthzRequest}. Envoy's HTTP mode sends the
 * original method, path (with query, after {@code path_prefix}), Host and the allowed headers; it
 * sends no context extensions or metadata, so those are empty here.
 *
 * <p>nginx {@code auth_request} sends a subrequest to a fixed location instead, with the original
 * request in headers. Those headers are read only when {@code trustOriginalHeaders} is on, since
 * behind a proxy that forwards client headers a client could set them: {@code X-Original-URI},
 * {@code X-Original-Method}, {@code X-Original-Host}, {@code X-Forwarded-Proto} and {@code
 * X-Real-IP}.
 *
 * <p>Identities come only from the sources {@link HttpIdentity} trusts: the caller from {@code
 * x-forwarded-client-cert}, the destination from a configured principal or an Envoy-set header.
 * Without them both are unknown, and policies that target a destination never select a request.
 */
public final class HttpRequestMapper {

  static final String ORIGINAL_URI = "x-original-uri";
  static final String ORIGINAL_METHOD = "x-original-method";
  static final String ORIGINAL_HOST = "x-original-host";
  static final String FORWARDED_PROTO = "x-forwarded-proto";
  static final String REAL_IP = "x-real-ip";

  private final String pathPrefix;
  private final boolean trustOriginalHeaders;
  private final HttpIdentity identity;

  /**
   * @param pathPrefix Envoy's {@code http_service.path_prefix}, removed from the path
   */
  public HttpRequestMapper(String pathPrefix, boolean trustOriginalHeaders) {
    this(pathPrefix, trustOriginalHeaders, HttpIdentity.NONE);
  }

  /**
   * @param identity where the source and destination principals come from; see {@link HttpIdentity}
   */
  public HttpRequestMapper(String pathPrefix, boolean trustOriginalHeaders, HttpIdentity identity) {
    this.pathPrefix = pathPrefix == null ? "" : pathPrefix;
    this.trustOriginalHeaders = trustOriginalHeaders;
    this.identity = identity;
  }

  public AuthzRequest map(FullHttpRequest request, InetSocketAddress remote) {
    Map<String, String> headers = headers(request.headers());
    String method = request.method().name();
    String path = request.uri();
    String host = headers.getOrDefault("host", "");
    String scheme = "http";
    String sourceAddress = remote == null ? "" : remote.getAddress().getHostAddress();
    long sourcePort = remote == null ? 0 : remote.getPort();
    if (trustOriginalHeaders) {
      path = headers.getOrDefault(ORIGINAL_URI, path);
      method = headers.getOrDefault(ORIGINAL_METHOD, method);
      host = headers.getOrDefault(ORIGINAL_HOST, host);
      scheme = headers.getOrDefault(FORWARDED_PROTO, scheme);
      if (headers.containsKey(REAL_IP)) {
        sourceAddress = headers.get(REAL_IP);
        sourcePort = 0;
      }
    } else if (!pathPrefix.isEmpty() && path.startsWith(pathPrefix)) {
      path = path.substring(pathPrefix.length());
    }
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw new InvalidRequestException("request path must start with '/'");
    }
    String body = request.content().toString(StandardCharsets.UTF_8);
    // Envoy adds an XFCC element only for a client that presented a certificate (mTLS).
    ForwardedClientCert client =
        identity.trustXfcc()
            ? ForwardedClientCert.parse(headers.get(ForwardedClientCert.HEADER))
            : ForwardedClientCert.NONE;
    // Canonical constructors, not builders: every request passes here, and a builder is one more
    // allocation per request for components this mapper sets anyway.
    return new AuthzRequest(
        new Peer(sourceAddress, sourcePort, client.uri()),
        new Peer("", 0, destination(headers)),
        new HttpAttributes(
            method,
            path,
            host,
            scheme,
            request.protocolVersion().text(),
            headers,
            headers.getOrDefault("x-request-id", ""),
            body,
            "true".equalsIgnoreCase(headers.get(CheckRequestMapper.PARTIAL_BODY_HEADER)),
            null),
        !client.uri().isEmpty(),
        "",
        Map.of(),
        Map.of(),
        Map.of());
  }

  private String destination(Map<String, String> headers) {
    if (!identity.destinationHeader().isEmpty()) {
      String header = headers.get(identity.destinationHeader());
      if (header != null && !header.isBlank()) {
        return header.trim();
      }
    }
    return identity.destination();
  }

  /** Lower-case names, repeated names joined with "," as Envoy does. */
  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> out = new HashMap<>(Math.max(16, headers.size() * 2));
    headers.forEach(
        h -> out.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
    return out;
  }
}
