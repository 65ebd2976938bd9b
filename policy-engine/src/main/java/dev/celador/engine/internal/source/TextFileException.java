package dev.celador.engine.internal.source;

/**
 * A file {@link TextFiles} could not read as text. The message is {@code <file>: <detail>}, ready
 * to show; callers that report problems at a location of their own use {@link #detail()}.
 */
public final class TextFileException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong, so callers can pick their own diagnostic code. */
  public enum Problem {
    /** Missing, a directory, unreadable: the file system's answer. */
    UNREADABLE,
    /** Larger than the caller's limit. */
    TOO_LARGE,
    /** A NUL byte or bytes that are not UTF-8. */
    NOT_TEXT
  }

  private final Problem problem;
  private final String file;
  private final String detail;

  TextFileException(Problem problem, String file, String detail) {
    super(file + ": " + detail);
    this.problem = problem;
    this.file = file;
    this.detail = detail;
  }

  public Problem problem() {
    return problem;
  }

  /** The file as the caller named it. */
  public String file() {
    return file;
  }

  /** The message without the file name. */
  public String detail() {
    return detail;
  }
}
