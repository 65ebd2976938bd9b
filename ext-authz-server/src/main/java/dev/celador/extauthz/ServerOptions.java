package dev.celador.extauthz;

import dev.celador.extauthz.http.HttpIdentity;
import java.nio.file.Path;

/**
 * Where and how the ext_authz server listens.
 *
 * @param host address to bind the TCP listeners to
 * @param grpcPort gRPC ext_authz port; 0 picks a free one, -1 disables the TCP listener
 * @param grpcSocket Unix domain socket for gRPC ext_authz; null for none
 * @param httpPort Envoy HTTP mode / nginx auth_request port; 0 picks a free one, -1 disables it
 * @param tls certificate and key for TLS on both listeners; null for plaintext
 * @param maxRequestBytes largest CheckRequest message / HTTP request body accepted
 * @param httpPathPrefix Envoy {@code http_service.path_prefix} to strip in HTTP mode
 * @param trustOriginalHeaders read nginx's X-Original-* headers in HTTP mode
 * @param httpIdentity where HTTP mode learns the source and destination principals
 */
public record ServerOptions(
    String host,
    int grpcPort,
    Path grpcSocket,
    int httpPort,
    Tls tls,
    int maxRequestBytes,
    String httpPathPrefix,
    boolean trustOriginalHeaders,
    HttpIdentity httpIdentity) {

  public ServerOptions {
    httpIdentity = httpIdentity == null ? HttpIdentity.NONE : httpIdentity;
  }

  /** Options without HTTP-mode identities. */
  public ServerOptions(
      String host,
      int grpcPort,
      Path grpcSocket,
      int httpPort,
      Tls tls,
      int maxRequestBytes,
      String httpPathPrefix,
      boolean trustOriginalHeaders) {
    this(
        host,
        grpcPort,
        grpcSocket,
        httpPort,
        tls,
        maxRequestBytes,
        httpPathPrefix,
        trustOriginalHeaders,
        HttpIdentity.NONE);
  }

  /**
   * PEM files. With {@code clientCa}, clients must present a certificate it signed (mTLS).
   *
   * @param clientCa null for server-only TLS
   */
  public record Tls(Path certificate, Path privateKey, Path clientCa) {}

  public static ServerOptions loopback(int grpcPort, int httpPort) {
    return new ServerOptions(
        "127.0.0.1", grpcPort, null, httpPort, null, 4 * 1024 * 1024, "", false);
  }
}
