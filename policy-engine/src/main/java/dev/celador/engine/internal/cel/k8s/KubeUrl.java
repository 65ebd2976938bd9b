package dev.celador.engine.internal.cel.k8s;

import com.google.errorprone.annotations.Immutable;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.values.OpaqueValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URL as Kubernetes' {@code url()} reads it (Go's request-URI rules): an absolute URI with a
 * scheme, or an absolute path, checked with the fragment (as ParseRequestURI does) and read without
 * it (as Parse does); the text after {@code ?} is the raw query.
 */
@Immutable
final class KubeUrl extends OpaqueValue {

  private final String scheme;
  private final String host;
  private final String rawPath;
  private final String rawQuery;

  private KubeUrl(String scheme, String host, String rawPath, String rawQuery) {
    this.scheme = scheme;
    this.host = host;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
  }

  /** Parses {@code text}; throws with Kubernetes' message when it is not a URL. */
  public static KubeUrl parse(String text) {
    Object parsed = tryParse(text);
    if (parsed instanceof String problem) {
      throw KubeErrors.error(
          "URL parse error during conversion from string: parse \"" + text + "\": " + problem);
    }
    return (KubeUrl) parsed;
  }

  static boolean isValid(String text) {
    return tryParse(text) instanceof KubeUrl;
  }

  /** The URL, or a String saying why {@code text} is not one. */
  private static Object tryParse(String text) {
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        return "net/url: invalid control character in URL";
      }
    }
    if (text.isEmpty()) {
      return "empty url";
    }
    String rest = text;
    String scheme = "";
    if (!text.startsWith("/")) {
      int colon = text.indexOf(':');
      if (colon == 0) {
        return "missing protocol scheme";
      }
      if (colon < 0 || !text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        return "invalid URI for request";
      }
      scheme = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      rest = text.substring(colon + 1);
    }
    String rawQuery = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      rawQuery = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String host = "";
    if (!scheme.isEmpty() && rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
      int at = authority.lastIndexOf('@');
      host = at < 0 ? authority : authority.substring(at + 1);
      String problem = checkHost(host);
      if (problem != null) {
        return problem;
      }
    } else if (!rest.startsWith("/")) {
      return "invalid URI for request";
    }
    if (unescape(rest, false) == null) {
      return "invalid URL escape \"" + badEscape(rest) + "\"";
    }
    int hash = text.indexOf('#');
    if (hash >= 0 && tryParse(text.substring(0, hash)) instanceof KubeUrl withoutFragment) {
      // Valid as a request URI (which keeps a fragment in the path or query); the value is then
      // read as Go's url.Parse reads it, without the fragment.
      return withoutFragment;
    }
    return new KubeUrl(scheme, host, rest, rawQuery);
  }

  private static String checkHost(String host) {
    String port = "";
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return "missing ']' in host";
      }
      String after = host.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        return "invalid port \"" + after + "\" after host";
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) {
        port = host.substring(colon + 1);
      }
      for (char c : host.toCharArray()) {
        if (c == ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|') {
          return "invalid character \"" + c + "\" in host name";
        }
      }
    }
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "invalid port \":" + port + "\" after host";
    }
    return null;
  }

  private static String badEscape(String s) {
    int i = s.indexOf('%');
    while (i >= 0) {
      String candidate = s.substring(i, Math.min(s.length(), i + 3));
      if (candidate.length() < 3 || !candidate.substring(1).matches("[0-9A-Fa-f]{2}")) {
        return candidate;
      }
      i = s.indexOf('%', i + 1);
    }
    return "";
  }

  /** Percent-decodes {@code s} (and {@code +} as space in queries); null on a bad escape. */
  static String unescape(String s, boolean query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '%') {
        if (i + 2 >= bytes.length) {
          return null;
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (query && b == '+') {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  String scheme() {
    return scheme;
  }

  String host() {
    return host;
  }

  String hostname() {
    if (host.startsWith("[")) {
      return host.substring(1, host.indexOf(']'));
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  String port() {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close + 1 < host.length() ? host.substring(close + 2) : "";
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? "" : host.substring(colon + 1);
  }

  /** The path as Go's {@code EscapedPath}: the raw path if validly encoded, else re-escaped. */
  String escapedPath() {
    if (rawPath.chars().allMatch(KubeUrl::validInPath)) {
      return rawPath;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : unescape(rawPath, false).getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-_.~$&+,/:;=@".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static boolean validInPath(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "-_.~!$&'()*+,;=:@[]/%".indexOf(c) >= 0);
  }

  /** The query as Go's {@code Query()}: pairs split on {@code &}, bad pairs dropped. */
  Map<String, List<String>> query() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = unescape(eq < 0 ? "" : pair.substring(eq + 1), true);
      if (key == null || value == null) {
        continue;
      }
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  @Override
  public Object value() {
    return this;
  }

  @Override
  public OpaqueType celType() {
    return KubeTypes.URL;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KubeUrl u && toString().equals(u.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    String prefix = scheme.isEmpty() ? "" : scheme + "://" + host;
    return prefix + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }
}
