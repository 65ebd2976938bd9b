package dev.celador.extauthz;

import dev.celador.engine.eval.Decision;

/**
 * The small JSON body a denied client receives: the HTTP status and the reason, nothing about the
 * request itself. The same for gRPC and HTTP mode.
 */
public final class DenyBody {

  public static final String CONTENT_TYPE = "application/json";

  /** Reasons are written by policy authors; a runaway message is cut, not sent whole. */
  static final int MAX_REASON_LENGTH = 512;

  private DenyBody() {}

  public static String of(Decision decision) {
    String reason = decision.reasons().isEmpty() ? "denied" : decision.reasons().get(0);
    return of(decision.status(), reason);
  }

  public static String of(int status, String reason) {
    if (reason.length() > MAX_REASON_LENGTH) {
      reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
    }
    return "{\"status\":" + status + ",\"reason\":" + quote(reason) + "}";
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
