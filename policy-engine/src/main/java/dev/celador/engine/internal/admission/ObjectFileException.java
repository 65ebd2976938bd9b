package dev.celador.engine.internal.admission;

/**
 * A Kubernetes object file (params, namespaces, an AdmissionReview) that cannot be used; the
 * message starts with {@code file:line:} and says why.
 */
public final class ObjectFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ObjectFileException(String message) {
    super(message);
  }
}
