package dev.celador.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The normalised path that {@code request.url_path} gives and target matching reads, so that a path
 * an upstream would resolve elsewhere is judged where it lands. As Envoy's {@code normalize_path}
 * and {@code merge_slashes}: percent-encoded unreserved characters are decoded (RFC 3986 2.3), runs
 * of slashes merged, and dot segments removed (RFC 3986 5.2.4), so {@code /api/orders/../../admin}
 * is {@code /admin}. Stricter than Envoy's default for escaped slashes: {@code %2F} and {@code %5C}
 * (and a raw backslash) count as {@code /}, because some upstreams decode them, and judging {@code
 * /api/orders%2F..%2Fadmin} as {@code /admin} can only deny more. Other escapes are kept, with
 * upper-case hex. The raw path stays in {@code request.path}.
 */
final class UrlPaths {

  private UrlPaths() {}

  /** {@code path} (without its query) normalised; the same string when nothing changes. */
  static String normalize(String path) {
    if (path.isEmpty() || path.charAt(0) != '/' || !needsWork(path)) {
      return path;
    }
    String decoded = decode(path);
    List<String> out = new ArrayList<>();
    int start = 1;
    while (start <= decoded.length()) {
      int end = decoded.indexOf('/', start);
      boolean last = end < 0;
      String segment = decoded.substring(start, last ? decoded.length() : end);
      if (segment.equals(".") || segment.equals("..")) {
        if (segment.equals("..") && !out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add(""); // "/a/b/.." is the directory "/a/", as RFC 3986 resolves it
        }
      } else if (!segment.isEmpty() || last) {
        out.add(segment); // empty segments are doubled slashes, merged, except a trailing one
      }
      start = last ? decoded.length() + 1 : end + 1;
    }
    return "/" + String.join("/", out);
  }

  /** True when {@code path} has an escape, a backslash, a doubled slash or a dot segment. */
  private static boolean needsWork(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c == '\\') {
        return true;
      }
      if (c == '/' && i + 1 < path.length()) {
        char next = path.charAt(i + 1);
        if (next == '/' || next == '.') {
          return true;
        }
      }
    }
    return false;
  }

  /** Unreserved escapes decoded, escaped and raw slashes and backslashes made '/'. */
  private static String decode(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        out.append('/');
        continue;
      }
      int value =
          c == '%' && i + 2 < path.length() ? hex(path.charAt(i + 1), path.charAt(i + 2)) : -1;
      if (value < 0) {
        out.append(c);
      } else if (value == '/' || value == '\\') {
        out.append('/');
        i += 2;
      } else if (unreserved(value)) {
        out.append((char) value);
        i += 2;
      } else {
        out.append('%')
            .append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
        i += 2;
      }
    }
    return out.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static int hex(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }
}
