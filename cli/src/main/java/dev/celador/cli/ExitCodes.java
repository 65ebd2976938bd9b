package dev.celador.cli;

/**
 * The process exit codes of {@code celador}, as DESIGN.md §4 defines them; docs/cli.md has the
 * table users read.
 */
public final class ExitCodes {

  /** Success; for {@code eval}, the evaluation worked, whatever it decided. */
  public static final int OK = 0;

  /**
   * Bad flags, a missing or unreadable file, an invalid request file, nothing found to check or run
   * (no policy files, no suites, no case matching {@code --run}), or an internal error.
   */
  public static final int USAGE_OR_IO = 1;

  /** The policies have errors (or, under {@code check --strict}, warnings). */
  public static final int POLICY_ERRORS = 2;

  /** A manifest given to {@code apply} is not YAML or not a Kubernetes object. */
  public static final int INVALID_MANIFEST = POLICY_ERRORS;

  /** Policy tests ran and some failed. */
  public static final int TEST_FAILURES = 3;

  /** {@code apply}, {@code audit}: some object would be denied. */
  public static final int VIOLATIONS = TEST_FAILURES;

  private ExitCodes() {}
}
