package dev.celador.conformance.vap;

/** A corpus file that cannot be used, with the file and field in the message. */
final class CorpusException extends RuntimeException {
  CorpusException(String message) {
    super(message);
  }
}
