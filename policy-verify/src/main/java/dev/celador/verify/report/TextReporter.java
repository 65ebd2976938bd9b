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
 * failed}. Times are left out, so the output of a run is the same every time.
 */
public final class TextReporter implements Reporter {

  private static final String INDENT = "    ";

  @Override
  public void write(TestReport report, Appendable out) throws IOException {
    for (var problem : report.problems()) {
      out.append(problem.headline()).append('\n');
    }
    for (SuiteResult suite : report.suites()) {
      if (suite.hasErrors()) {
        out.append("--- ERROR: ").append(suite.file()).append('\n');
        indent(out, suite.renderDiagnostics() + "\n");
      }
      for (CaseResult result : suite.cases()) {
        if (result.passed()) {
          out.append("--- PASS: ").append(result.fullName()).append('\n');
        } else {
          out.append("--- FAIL: ")
              .append(result.fullName())
              .append(" (")
              .append(result.location().toString())
              .append(")\n");
          indent(out, FailureText.of(result));
        }
      }
    }
    if (report.coverage().isPresent()) {
      coverage(out, report.coverage().get());
    }
    if (report.suitesWithErrors() > 0) {
      long n = report.suitesWithErrors();
      out.append(n + (n == 1 ? " suite" : " suites") + " could not run\n");
    }
    out.append(report.passed() + " passed, " + report.failed() + " failed\n");
  }

  private static void coverage(Appendable out, Coverage coverage) throws IOException {
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
      out.append("coverage ")
          .append(coverage.percentText())
          .append(" is below the minimum of ")
          .append(coverage.minimumText())
          .append("%\n");
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
