package dev.celador.engine.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP request being authorized, in Envoy's attribute vocabulary. Build one by name with {@link
 * #builder()}; the canonical constructor is for decoders on the hot path.
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

  /** A builder where every string is "", the headers are empty, and the time is "now". */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these attributes, to derive a request that differs a bit. */
  public Builder toBuilder() {
    return new Builder()
        .method(method)
        .path(path)
        .host(host)
        .scheme(scheme)
        .protocol(protocol)
        .headers(headers)
        .id(id)
        .body(body)
        .partialBody(partialBody)
        .time(time);
  }

  /** Names the components of {@link HttpAttributes}; what is not set keeps its empty default. */
  public static final class Builder {
    private String method = "";
    private String path = "";
    private String host = "";
    private String scheme = "";
    private String protocol = "";
    private Map<String, String> headers = Map.of();
    private String id = "";
    private String body = "";
    private boolean partialBody;
    private Instant time;

    private Builder() {}

    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** The path with its query string, as Envoy's {@code :path}. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder scheme(String scheme) {
      this.scheme = scheme;
      return this;
    }

    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /** Replaces the headers; {@link #build} lower-cases their names. */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder body(String body) {
      this.body = body;
      return this;
    }

    public Builder partialBody(boolean partialBody) {
      this.partialBody = partialBody;
      return this;
    }

    /** When the request arrived; null (the default) means "now" by the engine's clock. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public HttpAttributes build() {
      return new HttpAttributes(
          method, path, host, scheme, protocol, headers, id, body, partialBody, time);
    }
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
