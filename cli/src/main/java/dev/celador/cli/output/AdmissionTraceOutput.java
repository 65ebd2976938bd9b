package dev.celador.cli.output;

import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code celador eval --admission-review}: the AdmissionReview the webhook answers (byte for byte,
 * one line), then the trace of every policy and binding; {@code -o json} puts both in one document
 * ({@code review}, {@code trace}). With mutating policies loaded, what they did comes first: its
 * JSON line, or the document's {@code mutation} member.
 */
public final class AdmissionTraceOutput {

  private AdmissionTraceOutput() {}

  /**
   * @param mutation the mutation's JSON line, or null when no mutating policy is loaded
   */
  public static String text(String mutation, AdmissionReport report, boolean trace) {
    StringBuilder out = new StringBuilder();
    if (mutation != null) {
      out.append(mutation).append('\n');
    }
    out.append(review(report)).append('\n');
    if (trace) {
      out.append("trace:\n");
      if (report.policies().isEmpty()) {
        out.append("  (no admission policy)\n");
      }
      PolicyResultText.append(out, report.policies(), true, "  ");
    }
    return out.toString();
  }

  public static String json(String mutation, AdmissionReport report, boolean trace) {
    ObjectNode root = JsonOutput.object();
    if (mutation != null) {
      root.set("mutation", JsonOutput.tree(mutation).get("mutation"));
    }
    root.set("review", JsonOutput.tree(review(report)));
    PolicyResultJson.rows(root.putArray("trace"), trace ? report.policies() : List.of());
    return JsonOutput.write(root);
  }

  private static String review(AdmissionReport report) {
    return AdmissionReviewMapper.write(report.request().uid(), report.decision());
  }
}
