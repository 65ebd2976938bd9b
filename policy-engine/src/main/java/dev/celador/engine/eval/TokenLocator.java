package dev.celador.engine.eval;

import dev.celador.engine.model.TokenLocation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Finds a bearer token in a request's headers, cookies or query parameters. Stateless. */
final class TokenLocator {

  /** A token and where it was. */
  record Found(String token, TokenLocation location) {}

  private TokenLocator() {}

  /** The token at {@code location}, or null if that place is absent or holds no token. */
  static Found find(HttpAttributes request, TokenLocation location) {
    String token =
        switch (location.kind()) {
          case HEADER -> header(request.headers(), location);
          case COOKIE -> cookie(request.headers().get("cookie"), location.name());
          case PARAM -> param(request.query(), location.name());
        };
    return token == null ? null : new Found(token, location);
  }

  private static String header(Map<String, String> headers, TokenLocation location) {
    String value = headers.get(location.name());
    if (value == null) {
      return null;
    }
    String prefix = location.prefix();
    if (prefix.isEmpty()) {
      return value.strip();
    }
    // RFC 7235: the scheme is case-insensitive ("bearer" works as well as "Bearer").
    if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    return value.substring(prefix.length()).strip();
  }

  private static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
        return pair.substring(eq + 1).strip();
      }
    }
    return null;
  }

  private static String param(String query, String name) {
    if (query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return value;
        }
      }
    }
    return null;
  }
}
