package dev.celador.verify.request;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.Optional;

/**
 * A request file that cannot be used: missing, too large, not JSON or YAML, or not a request. The
 * message starts with the file name and, when known, {@code line:column}, ready to show a user;
 * {@link #location()} and {@link #detail()} give the same two parts separately, for callers that
 * turn the problem into a diagnostic.
 */
public final class RequestFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient SourceLocation location;
  private final String detail;

  public RequestFileException(String message) {
    this(message, (Throwable) null);
  }

  public RequestFileException(String message, Throwable cause) {
    super(message, cause);
    this.location = null;
    this.detail = message;
  }

  private RequestFileException(SourceLocation location, String detail) {
    super(location + ": " + detail);
    this.location = location;
    this.detail = detail;
  }

  /** {@code file:line:column: message}. */
  public static RequestFileException at(String file, InputNode.Position position, String message) {
    return new RequestFileException(
        new SourceLocation(file, position.line(), position.column()), message);
  }

  /** Where the problem is, when it is known more precisely than "this file". */
  public Optional<SourceLocation> location() {
    return Optional.ofNullable(location);
  }

  /** The message without the location prefix. */
  public String detail() {
    return detail;
  }
}
