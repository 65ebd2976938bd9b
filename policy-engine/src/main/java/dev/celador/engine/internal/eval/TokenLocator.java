package dev.celador.engine.internal.eval;

import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.internal.model.TokenLocation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Finds a bearer token in a request's headers, cookies or query parameters. Stateless. */
final class TokenLocator {

  /**
   * A token and where it was. In a header it is {@code carrier} from index {@code start} on,
   * without surrounding whitespace (the value after its "Bearer " prefix), kept as the carrier so
   * that the verified-token cache is asked without copying the token out; elsewhere the carrier is
   * the token and {@code start} is 0.
   */
  record Found(String carrier, int start, TokenLocation location) {}

  private TokenLocator() {}

  /** The token at {@code location}, or null if that place is absent or holds no token. */
  static Found find(HttpAttributes request, TokenLocation location) {
    if (location.kind() == TokenLocation.Kind.HEADER) {
      return header(request.headers(), location);
    }
    String token =
        location.kind() == TokenLocation.Kind.COOKIE
            ? cookie(request.headers().get("cookie"), location.name())
            : param(request.query(), location.name());
    return token == null ? null : new Found(token, 0, location);
  }

  private static Found header(Map<String, String> headers, TokenLocation location) {
    String value = headers.get(location.name());
    if (value == null) {
      return null;
    }
    String prefix = location.prefix();
    // RFC 7235: the scheme is case-insensitive ("bearer" works as well as "Bearer").
    if (!prefix.isEmpty() && !value.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    return new Found(value, prefix.length(), location);
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
