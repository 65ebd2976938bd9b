package dev.celador.cli.output;

import dev.celador.engine.internal.admission.PolicyResult;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * {@link PolicyResult} rows for people, one line per policy and binding and one more per failed or
 * erroring validation: the trace of {@code eval --admission-review} and the body of {@code apply}.
 *
 * <pre>
 *   fail   replica-limit/per-namespace [Deny]
 *            validations[0] p.yaml:16:17 (param limits): replicas must be at most 5, got 9
 *   skip   prod-owner/warn [Warn]: policy: namespaceSelector does not select the namespace 'dev'
 * </pre>
 */
public final class PolicyResultText {

  private PolicyResultText() {}

  /**
   * Appends the rows to {@code out}, each indented by {@code indent}; {@code all}: also the rows
   * that passed or were skipped.
   */
  public static void append(
      StringBuilder out, List<PolicyResult> rows, boolean all, String indent) {
    for (PolicyResult row : rows) {
      String outcome = row.outcome();
      if (!all && (outcome.equals("pass") || outcome.equals("skip"))) {
        continue;
      }
      out.append(indent)
          .append(String.format("%-6s", outcome))
          .append(' ')
          .append(row.policy())
          .append('/')
          .append(row.binding().isEmpty() ? "(no binding)" : row.binding());
      if (!row.validationActions().isEmpty()) {
        out.append(" [").append(String.join(", ", row.validationActions())).append(']');
      }
      boolean shown = false;
      for (PolicyResult.Validation v : row.validations()) {
        if (v.check() != PolicyResult.Check.PASS) {
          shown |= v.message().equals(row.detail());
        }
      }
      if (!row.detail().isEmpty() && !shown) {
        out.append(": ").append(row.detail());
      }
      out.append('\n');
      for (PolicyResult.Validation v : row.validations()) {
        if (v.check() == PolicyResult.Check.PASS) {
          continue;
        }
        out.append(indent)
            .append("         ")
            .append(v.index() < 0 ? "policy" : "validations[" + v.index() + "]")
            .append(' ')
            .append(location(v.location()))
            .append(v.param().isEmpty() ? "" : " (param " + v.param() + ")")
            .append(v.check() == PolicyResult.Check.ERROR ? " error: " : ": ")
            .append(v.message())
            .append('\n');
      }
    }
  }

  static String location(SourceLocation at) {
    return at.file() + ":" + at.line() + ":" + at.column();
  }
}
