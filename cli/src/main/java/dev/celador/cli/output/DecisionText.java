package dev.celador.cli.output;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.verify.report.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Decision} for people: a summary line, then reasons, headers and the trace as a table.
 * With colour, the outcome is green (allowed) or red (denied), as {@code check} and {@code test}
 * colour theirs.
 *
 * <pre>
 * DENY 403  shop/no-deletes  rule=delete-needs-admin
 * reasons:
 *   deletes are reserved for the admin service account
 * trace:
 *   POLICY          RULE                ACTION  RESULT  DETAIL
 *   shop/no-deletes delete-needs-admin  DENY    match
 * </pre>
 */
public final class DecisionText {

  private static final String[] TRACE_COLUMNS = {"POLICY", "RULE", "ACTION", "RESULT", "DETAIL"};

  private DecisionText() {}

  public static String render(Decision decision) {
    return render(decision, Palette.NONE);
  }

  public static String render(Decision decision, Palette palette) {
    StringBuilder out = new StringBuilder();
    out.append(summary(decision, palette)).append('\n');
    if (!decision.reasons().isEmpty()) {
      out.append("reasons:\n");
      decision.reasons().forEach(reason -> out.append("  ").append(reason).append('\n'));
    }
    section(out, "headers", decision.headers());
    if (!decision.headersToRemove().isEmpty()) {
      out.append("headers to remove:\n");
      decision.headersToRemove().stream()
          .sorted()
          .forEach(name -> out.append("  ").append(name).append('\n'));
    }
    section(out, "response headers", decision.responseHeaders());
    if (!decision.audits().isEmpty()) {
      out.append("audit matches (never enforced):\n");
      for (TraceEntry audit : decision.audits()) {
        out.append("  ")
            .append(audit.policy())
            .append("  rule=")
            .append(audit.rule())
            .append("  ")
            .append(audit.action())
            .append(audit.dryRun() ? " (dry-run)" : "")
            .append('\n');
      }
    }
    if (!decision.trace().isEmpty()) {
      out.append("trace:\n");
      table(out, decision.trace());
    }
    return out.toString();
  }

  /** {@code DENY 403 shop/no-deletes rule=delete-needs-admin}, one line. */
  static String summary(Decision decision) {
    return summary(decision, Palette.NONE);
  }

  private static String summary(Decision decision, Palette palette) {
    StringBuilder line = new StringBuilder();
    String outcome = (decision.allowed() ? "ALLOW " : "DENY ") + decision.status();
    line.append(decision.allowed() ? palette.green(outcome) : palette.red(outcome));
    if (decision.policy().isEmpty()) {
      line.append("  (no policy decided)");
    } else {
      line.append("  ").append(decision.policy());
      if (!decision.rule().isEmpty()) {
        line.append("  rule=").append(decision.rule());
      }
    }
    if (decision.evaluationError()) {
      line.append("  ").append(palette.red("(evaluation error)"));
    }
    return line.toString();
  }

  private static void section(StringBuilder out, String title, Map<String, String> headers) {
    if (headers.isEmpty()) {
      return;
    }
    out.append(title).append(":\n");
    new TreeMap<>(headers)
        .forEach(
            (name, value) -> out.append("  ").append(name).append(": ").append(value).append('\n'));
  }

  private static void table(StringBuilder out, List<TraceEntry> trace) {
    List<String[]> rows = new ArrayList<>();
    rows.add(TRACE_COLUMNS);
    for (TraceEntry entry : trace) {
      rows.add(
          new String[] {
            entry.policy(),
            entry.rule().isEmpty() ? "-" : entry.rule(),
            entry.action() + (entry.dryRun() ? " (dry-run)" : ""),
            entry.result().label(),
            entry.detail()
          });
    }
    int[] widths = new int[TRACE_COLUMNS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
