package dev.celador.extauthz;

/** A request that cannot be authorized as sent: answered with INVALID_ARGUMENT or HTTP 400. */
public final class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
