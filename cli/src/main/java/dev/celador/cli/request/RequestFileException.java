package dev.celador.cli.request;

/**
 * A request file that cannot be used: missing, too large, not JSON or YAML, or not a request. The
 * message starts with the file name and, when known, {@code line:column}, ready to show a user.
 */
public final class RequestFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RequestFileException(String message) {
    super(message);
  }

  public RequestFileException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code file:line:column: message}. */
  public static RequestFileException at(String file, InputNode.Position position, String message) {
    return new RequestFileException(file + ":" + position + ": " + message);
  }
}
