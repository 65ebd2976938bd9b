package dev.celador.cli;

/**
 * A problem the user can fix (a missing file, a bad value), reported as one line without a stack
 * trace and exit code {@link ExitCodes#USAGE_OR_IO}.
 */
public final class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }
}
