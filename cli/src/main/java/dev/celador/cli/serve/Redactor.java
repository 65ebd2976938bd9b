package dev.celador.cli.serve;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from text bound for logs: JWTs, bearer/basic credentials, and the values of
 * query parameters whose names suggest a secret.
 */
final class Redactor {

  static final String REDACTED = "REDACTED";

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*");
  private static final Pattern SCHEME_CREDENTIAL =
      Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]+");
  private static final Set<String> SECRET_PARAMS =
      Set.of(
          "token",
          "access_token",
          "id_token",
          "refresh_token",
          "code",
          "password",
          "passwd",
          "secret",
          "client_secret",
          "api_key",
          "apikey",
          "key",
          "signature",
          "sig",
          "auth",
          "authorization",
          "session",
          "jwt");

  private Redactor() {}

  /** {@code text} with credential-looking parts replaced. */
  static String text(String text) {
    if (!mayHoldCredential(text)) {
      return text; // the common case, without running two regular expressions per log line
    }
    String out = JWT.matcher(text).replaceAll(REDACTED);
    return SCHEME_CREDENTIAL.matcher(out).replaceAll("$1 " + REDACTED);
  }

  /** False when neither pattern can match: no "eyJ" and no bearer/basic/token word. */
  static boolean mayHoldCredential(String text) {
    for (int i = 0; i < text.length(); i++) {
      switch (text.charAt(i)) {
        case 'e' -> {
          if (text.startsWith("eyJ", i)) {
            return true;
          }
        }
        case 'b', 'B' -> {
          if (text.regionMatches(true, i, "bearer", 0, 6)
              || text.regionMatches(true, i, "basic", 0, 5)) {
            return true;
          }
        }
        case 't', 'T' -> {
          if (text.regionMatches(true, i, "token", 0, 5)) {
            return true;
          }
        }
        default -> {
          // keep scanning
        }
      }
    }
    return false;
  }

  /** A request path whose secret-looking query values are replaced. */
  static String path(String path) {
    int q = path.indexOf('?');
    if (q < 0) {
      return text(path);
    }
    StringBuilder out = new StringBuilder(path.length()).append(path, 0, q + 1);
    String[] params = path.substring(q + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String p = params[i];
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (eq >= 0 && SECRET_PARAMS.contains(name)) {
        out.append(p, 0, eq + 1).append(REDACTED);
      } else {
        out.append(p);
      }
    }
    return text(out.toString());
  }
}
