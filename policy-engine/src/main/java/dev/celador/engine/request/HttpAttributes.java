package dev.celador.engine.request;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request being authorized, in Envoy's attribute vocabulary.
 *
 * @param path the path with its query string, as Envoy's {@code :path}
 * @param headers header names are lower-cased here; repeated headers are joined with ","
 * @param time when the request arrived; null means "now" by the engine's clock
 * @param partialBody true when Envoy sent only part of the body ({@code x-envoy-auth-partial-body})
 */
public record HttpAttributes(
    String method,
    String path,
    String host,
    String scheme,
    String protocol,
    Map<String, String> headers,
    String id,
    String body,
    boolean partialBody,
    Instant time) {

  public HttpAttributes {
    method = nullToEmpty(method);
    path = nullToEmpty(path);
    host = nullToEmpty(host);
    scheme = nullToEmpty(scheme);
    protocol = nullToEmpty(protocol);
    id = nullToEmpty(id);
    body = nullToEmpty(body);
    headers =
        headers instanceof LowerCaseHeaders
            ? headers
            : lowerCaseKeys(headers == null ? Map.of() : headers);
  }

  /**
   * The path without its query string, normalised ({@link UrlPaths}): unreserved escapes decoded,
   * slashes merged, dot segments removed, escaped slashes counted as slashes. {@link #path} keeps
   * the raw path.
   */
  public String urlPath() {
    int q = path.indexOf('?');
    return UrlPaths.normalize(q < 0 ? path : path.substring(0, q));
  }

  /** The query string without the leading '?', or "". */
  public String query() {
    int q = path.indexOf('?');
    return q < 0 ? "" : path.substring(q + 1);
  }

  /**
   * The host for target matching: lower-cased, without a port and without the trailing dot of a
   * fully qualified name, so {@code Deny.Lab.:8443} is {@code deny.lab}.
   */
  public String hostWithoutPort() {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
    // Envoy sends lower-case keys: one pass that copies them, instead of a check and a copy.
    Map.Entry<String, String>[] entries = new Map.Entry[headers.size()];
    int n = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (n == entries.length || !LowerCaseHeaders.keptAsIs(e.getKey(), e.getValue())) {
        return lowerCased(headers);
      }
      entries[n++] = Map.entry(e.getKey(), e.getValue());
    }
    return n == entries.length ? Map.ofEntries(entries) : lowerCased(headers);
  }

  /** Keys lower-cased; values of keys that then collide joined with ",", as Envoy joins them. */
  private static Map<String, String> lowerCased(Map<String, String> headers) {
    Map<String, String> lower = new HashMap<>(Math.max(16, headers.size() * 2));
    headers.forEach(
        (k, v) ->
            lower.merge(k.toLowerCase(Locale.ROOT), v == null ? "" : v, (a, b) -> a + "," + b));
    return Map.copyOf(lower);
  }
}
