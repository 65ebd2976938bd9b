package dev.celador.engine.internal.jwt;

/**
 * A token that failed one check, with the failure and a detail for decision logs. Carries no stack
 * trace: rejections are an expected outcome on the request path, not a bug.
 */
public final class JwtRejection extends Exception {

  private static final long serialVersionUID = 1L;

  private final JwtFailure failure;

  public JwtRejection(JwtFailure failure, String detail) {
    super(detail, null, false, false);
    this.failure = failure;
  }

  public JwtFailure failure() {
    return failure;
  }

  /** What exactly failed, without any part of the token. */
  public String detail() {
    return getMessage();
  }
}
