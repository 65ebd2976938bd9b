package dev.celador.engine.internal.decisionlog;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides what text bound for logs may say: JWTs, bearer/basic credentials and
 * the values of query parameters whose names suggest a secret are replaced, and an admission denial
 * of a Secret is not repeated at all. Header values, bodies and admitted objects never reach a log,
 * so they need no rule here: the log writers do not take them.
 */
public final class Redactor {

  public static final String REDACTED = "REDACTED";

  /** What a denial message of a Secret is logged as. */
  public static final String SECRET_MESSAGE = "(redacted: Secret)";

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
  public static String text(String text) {
    if (!mayHoldCredential(text)) {
      return text; // the common case, without running two regular expressions per log line
    }
    String out = JWT.matcher(text).replaceAll(REDACTED);
    return SCHEME_CREDENTIAL.matcher(out).replaceAll("$1 " + REDACTED);
  }

  /**
   * The denial message of an admission review of {@code resource}: a messageExpression may have
   * built it from a Secret's data, so for Secrets it is replaced whole. Other messages are kept as
   * written: they are the policy author's words, which the credential patterns would mangle ("token
   * must be set").
   */
  public static String admissionMessage(String resource, String message) {
    return "secrets".equals(resource) ? SECRET_MESSAGE : message;
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
  public static String path(String path) {
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
