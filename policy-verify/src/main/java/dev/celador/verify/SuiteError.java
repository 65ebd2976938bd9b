package dev.celador.verify;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.verify.request.RequestFileException;

/** A problem that makes a suite, or one of its cases, unusable; carries its diagnostic. */
final class SuiteError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Anything wrong with the suite's own YAML: syntax, types, unknown or missing fields. */
  static final String INVALID_SUITE = "invalid_suite";

  /** A fixture the suite names does not exist. */
  static final String MISSING_FIXTURE = "missing_fixture";

  /** An entry of {@code policies} names nothing. */
  static final String NO_POLICIES = "no_policies";

  /** A file could not be read at all. */
  static final String IO_ERROR = "io_error";

  private final transient Diagnostic diagnostic;

  SuiteError(String code, SourceLocation location, String message) {
    super(location + ": " + message);
    this.diagnostic = Diagnostic.error(code, location, message);
  }

  /** The problem in a request or suite file, at its position or else at the file's start. */
  static SuiteError from(RequestFileException e, String file) {
    return new SuiteError(
        INVALID_SUITE, e.location().orElse(SourceLocation.startOf(file)), e.detail());
  }

  /**
   * A suite or fixture that is missing, too large or not UTF-8 text, reported at {@code at} (the
   * file's start, or where the suite names the fixture).
   */
  static SuiteError from(TextFileException e, SourceLocation at) {
    return new SuiteError(IO_ERROR, at, e.getMessage());
  }

  Diagnostic diagnostic() {
    return diagnostic;
  }
}
