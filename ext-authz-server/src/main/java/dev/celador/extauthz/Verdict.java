package dev.celador.extauthz;

import dev.celador.engine.api.Decision;

/**
 * What the front door answers for one request: a decision, or a failure that must reach the proxy
 * as an error (not as a denial) so its {@code failure_mode_allow} and {@code status_on_error}
 * apply.
 *
 * @param decision the engine's decision; null when {@code failure} is set
 * @param failure why no decision could be made; null when there is a decision
 * @param detail a short, log-safe explanation of the failure; "" with a decision
 */
public record Verdict(Decision decision, Failure failure, String detail) {

  /** Why the front door could not decide. */
  public enum Failure {
    /** The request could not be read (gRPC INVALID_ARGUMENT, HTTP 400). */
    BAD_REQUEST,
    /** No policy set is loaded yet (gRPC UNAVAILABLE, HTTP 503). */
    NOT_READY,
    /** A policy with failurePolicy Fail could not be evaluated (gRPC INTERNAL, HTTP 500). */
    EVALUATION_ERROR,
    /** A bug or resource problem inside Celador (gRPC INTERNAL, HTTP 500). */
    INTERNAL
  }

  public Verdict {
    detail = detail == null ? "" : detail;
  }

  public static Verdict of(Decision decision) {
    if (decision.evaluationError()) {
      String reason = decision.reasons().isEmpty() ? "evaluation error" : decision.reasons().get(0);
      return new Verdict(decision, Failure.EVALUATION_ERROR, reason);
    }
    return new Verdict(decision, null, "");
  }

  public static Verdict failed(Failure failure, String detail) {
    return new Verdict(null, failure, detail);
  }

  public boolean failed() {
    return failure != null;
  }
}
