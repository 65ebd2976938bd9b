package dev.celador.extauthz;

import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.json.JsonText;

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
    String text =
        reason.length() > MAX_REASON_LENGTH
            ? reason.substring(0, MAX_REASON_LENGTH) + "..."
            : reason;
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeNumberProperty("status", status);
          json.writeStringProperty("reason", text);
          json.writeEndObject();
        });
  }

  /** The body of a request that could not be decided: {@code {"error":"<failure kind>"}}. */
  public static String error(String failure) {
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeStringProperty("error", failure);
          json.writeEndObject();
        });
  }
}
