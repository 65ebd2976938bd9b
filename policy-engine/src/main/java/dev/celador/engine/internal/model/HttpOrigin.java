package dev.celador.engine.internal.model;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin of an http(s) URL (RFC 6454: scheme, host and port), the unit key fetching is confined
 * to: a JWKS redirect may only stay within its origin.
 *
 * @param scheme "http" or "https"
 * @param host lower-cased; an IPv6 literal keeps its brackets
 * @param port the explicit port, else 80 or 443
 */
public record HttpOrigin(String scheme, String host, int port) {

  /** The origin of {@code uri}, or empty when it is not an absolute http(s) URL with a host. */
  public static Optional<HttpOrigin> of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return Optional.of(new HttpOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
  }

  public boolean secure() {
    return scheme.equals("https");
  }

  /**
   * True for {@code localhost} and literal loopback addresses. Names are never resolved: a check
   * that asked DNS could be steered by whoever answers it, and must not wait on the network.
   */
  public boolean loopback() {
    if (host.equals("localhost")) {
      return true;
    }
    boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
    try {
      return literal
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Whether keys may be fetched from here: always over https, over plain http only on loopback
   * (nobody else is on the path) or where the policy explicitly accepts it.
   */
  public boolean transportAllowed(boolean allowInsecureHttp) {
    return secure() || loopback() || allowInsecureHttp;
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
