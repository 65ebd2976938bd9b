package dev.celador.verify.report;

import dev.celador.verify.CaseResult;
import dev.celador.verify.Coverage;
import dev.celador.verify.RuleRef;
import dev.celador.verify.SuiteResult;
import dev.celador.verify.TestReport;
import java.io.IOException;

/**
 * The report for people, in the style of {@code go test -v}: one {@code --- PASS:} or {@code ---
 * FAIL:} line per case, the failure's diff indented under it, suites that could not run as {@code
 * --- ERROR:} with their diagnostics, coverage when asked for, and last the line {@code N passed, N
 * failed}. Not verbose, PASS lines are left out (as {@code opa test} and {@code go test} do): what
 * is left is what needs attention. Times are left out, so the output of a run is the same every
 * time.
 */
public final class TextReporter implements Reporter {

  private static final String INDENT = "    ";

  private final boolean verbose;
  private final Palette palette;

  /** Every case, without colour. */
  public TextReporter() {
    this(true, Palette.NONE);
  }

  public TextReporter(boolean verbose, Palette palette) {
    this.verbose = verbose;
    this.palette = palette;
  }

  @Override
  public void write(TestReport report, Appendable out) throws IOException {
    for (var problem : report.problems()) {
      out.append(problem.headline()).append('\n');
    }
    for (SuiteResult suite : report.suites()) {
      if (suite.hasErrors()) {
        out.append(palette.red("--- ERROR:")).append(' ').append(suite.file()).append('\n');
        indent(out, suite.renderDiagnostics() + "\n");
      }
      for (CaseResult result : suite.cases()) {
        if (result.passed()) {
          if (verbose) {
            out.append(palette.green("--- PASS:")).append(' ').append(result.fullName());
            out.append('\n');
          }
        } else {
          out.append(palette.red("--- FAIL:"))
              .append(' ')
              .append(result.fullName())
              .append(" (")
              .append(result.location().toString())
              .append(")\n");
          indent(out, FailureText.of(result));
        }
      }
    }
    if (report.coverage().isPresent()) {
      coverage(out, report.coverage().get(), palette);
    }
    if (report.suitesWithErrors() > 0) {
      long n = report.suitesWithErrors();
      out.append(n + (n == 1 ? " suite" : " suites") + " could not run\n");
    }
    String failed = report.failed() + " failed";
    out.append(report.passed() + " passed, ")
        .append(report.failed() == 0 ? failed : palette.red(failed))
        .append('\n');
  }

  private static void coverage(Appendable out, Coverage coverage, Palette palette)
      throws IOException {
    out.append("coverage: ")
        .append(coverage.counts())
        .append(" (")
        .append(coverage.percentText())
        .append(")\n");
    for (RuleRef rule : coverage.unmatched()) {
      out.append(INDENT)
          .append(rule.gap())
          .append(": ")
          .append(rule.location().toString())
          .append(' ')
          .append(rule.describe())
          .append('\n');
    }
    if (!coverage.meetsMinimum()) {
      out.append(
              palette.red(
                  "coverage "
                      + coverage.percentText()
                      + " is below the minimum of "
                      + coverage.minimumText()
                      + "%"))
          .append('\n');
    }
  }

  private static void indent(Appendable out, String text) throws IOException {
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append(INDENT).append(line).append('\n');
      }
    }
  }
}
