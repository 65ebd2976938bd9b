package dev.celador.extauthz.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Envoy's {@code x-forwarded-client-cert} header: elements separated by {@code ,}, each a list of
 * {@code key=value} pairs separated by {@code ;}; a value may be double-quoted (with {@code \"}
 * inside) when it holds {@code ,}, {@code ;} or {@code =}. Keys are {@code By}, {@code Hash},
 * {@code Cert}, {@code Chain}, {@code Subject}, {@code URI} and {@code DNS}. Each proxy appends its
 * own element, so the last one describes the immediate client.
 *
 * @param uri the immediate client's URI SAN (its SPIFFE ID), or "" when it has none
 */
record ForwardedClientCert(String uri) {

  static final String HEADER = "x-forwarded-client-cert";

  /** Longest header read; a sidecar's element is a few hundred bytes without {@code Cert}. */
  static final int MAX_LENGTH = 64 * 1024;

  static final ForwardedClientCert NONE = new ForwardedClientCert("");

  /** The last element of {@code header}; {@link #NONE} when absent, empty or malformed. */
  static ForwardedClientCert parse(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
      return NONE;
    }
    List<Map<String, String>> elements = elements(header);
    if (elements == null || elements.isEmpty()) {
      return NONE;
    }
    Map<String, String> last = elements.get(elements.size() - 1);
    return new ForwardedClientCert(last.getOrDefault("uri", ""));
  }

  /** Every element's pairs, keys lower-cased, the first value of a repeated key; null if broken. */
  static List<Map<String, String>> elements(String header) {
    List<Map<String, String>> elements = new ArrayList<>();
    Map<String, String> pairs = new LinkedHashMap<>();
    StringBuilder key = new StringBuilder();
    StringBuilder value = new StringBuilder();
    boolean inValue = false;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < header.length()) {
          value.append(header.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"' && inValue && value.isEmpty()) {
        quoted = true;
      } else if (c == '=' && !inValue) {
        inValue = true;
      } else if (c == ';' || c == ',') {
        if (!pair(pairs, key, value, inValue)) {
          return null;
        }
        inValue = false;
        if (c == ',') {
          elements.add(pairs);
          pairs = new LinkedHashMap<>();
        }
      } else {
        (inValue ? value : key).append(c);
      }
    }
    if (quoted || !pair(pairs, key, value, inValue)) {
      return null;
    }
    elements.add(pairs);
    return elements;
  }

  private static boolean pair(
      Map<String, String> pairs, StringBuilder key, StringBuilder value, boolean inValue) {
    String k = key.toString().trim().toLowerCase(Locale.ROOT);
    key.setLength(0);
    String v = value.toString().trim();
    value.setLength(0);
    if (k.isEmpty() && !inValue) {
      return true; // an empty pair, e.g. a trailing ';'
    }
    if (k.isEmpty()) {
      return false;
    }
    pairs.putIfAbsent(k, v);
    return true;
  }
}
