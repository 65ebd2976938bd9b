package dev.celador.engine.internal.admission;

/** The input is not a usable AdmissionReview v1; the message says why (a webhook answers 400). */
public final class BadReviewException extends Exception {

  private static final long serialVersionUID = 1L;

  public BadReviewException(String message) {
    super(message, null, false, false);
  }
}
