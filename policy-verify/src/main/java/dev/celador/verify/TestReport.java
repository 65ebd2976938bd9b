package dev.celador.verify;

import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * Everything one run of the suites found, in the order the suites were discovered.
 *
 * @param suites the suites with a case to run or with errors; suites whose cases were all filtered
 *     out are left out
 * @param anySuiteFound whether any suite file was found, filtered out or not
 * @param problems paths that could not be read or listed (usage or I/O errors)
 * @param coverage rule coverage, when it was asked for
 */
public record TestReport(
    List<SuiteResult> suites,
    boolean anySuiteFound,
    List<Diagnostic> problems,
    Optional<Coverage> coverage) {

  public TestReport {
    suites = List.copyOf(suites);
    problems = List.copyOf(problems);
  }

  public long passed() {
    return suites.stream().mapToLong(SuiteResult::passed).sum();
  }

  public long failed() {
    return suites.stream().mapToLong(SuiteResult::failed).sum();
  }

  /** How a run ended, worst first: what {@code celador test} turns into its exit code. */
  public enum Verdict {
    /** A path given could not be read, or no suite was found at all. */
    USAGE_OR_IO,
    /** A suite file or the policies it loads have errors, so its cases could not run. */
    ERRORS,
    /** A case failed, or rule coverage is below the minimum. */
    FAILED,
    PASSED
  }

  public Verdict verdict() {
    if (!problems.isEmpty() || suites.isEmpty() && !anySuiteFound) {
      return Verdict.USAGE_OR_IO;
    }
    if (suitesWithErrors() > 0) {
      return Verdict.ERRORS;
    }
    if (failed() > 0 || coverage.filter(c -> !c.meetsMinimum()).isPresent()) {
      return Verdict.FAILED;
    }
    return Verdict.PASSED;
  }

  /** Suites that did not run because the suite or its policies have errors. */
  public long suitesWithErrors() {
    return suites.stream().filter(SuiteResult::hasErrors).count();
  }
}
