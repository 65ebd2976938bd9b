package dev.celador.verify.report;

import dev.celador.verify.CaseResult;
import dev.celador.verify.Mismatch;

/**
 * The explanation of a failed case, shared by the text report, JUnit XML and the JUnit entry point:
 * the decision in one line, then an expected-versus-actual diff of each field that differed.
 *
 * <pre>
 * decision: DENY 403 shop/orders-rbac: "orders: caller not allowed"
 * --- expected
 * +++ actual
 * - allowed: true
 * + allowed: false
 * </pre>
 */
public final class FailureText {

  private FailureText() {}

  public static String of(CaseResult result) {
    StringBuilder out = new StringBuilder();
    out.append("decision: ").append(result.decision().summary()).append('\n');
    out.append("--- expected\n+++ actual\n");
    for (Mismatch m : result.mismatches()) {
      out.append("- ").append(m.field()).append(": ").append(m.expected()).append('\n');
      out.append("+ ").append(m.field()).append(": ").append(m.actual()).append('\n');
    }
    return out.toString();
  }

  /** One line for a failure's summary: {@code allowed: expected true, got false; rule: ...}. */
  public static String summary(CaseResult result) {
    StringBuilder out = new StringBuilder();
    for (Mismatch m : result.mismatches()) {
      out.append(out.length() == 0 ? "" : "; ")
          .append(m.field())
          .append(": expected ")
          .append(m.expected())
          .append(", got ")
          .append(m.actual());
    }
    return out.toString();
  }
}
