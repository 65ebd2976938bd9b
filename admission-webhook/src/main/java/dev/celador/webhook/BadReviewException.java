package dev.celador.webhook;

/** The body is not a usable AdmissionReview; the message says why (answered with 400). */
final class BadReviewException extends Exception {

  BadReviewException(String message) {
    super(message, null, false, false);
  }
}
