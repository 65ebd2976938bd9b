package dev.celador.verify;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.Decision;

/**
 * One line saying what a decision was, for failure reports: {@code DENY 403 shop/no-deletes
 * rule=delete-needs-admin: "shop: deletes are reserved"}, or for admission {@code DENY 422 Invalid:
 * "ValidatingAdmissionPolicy 'x' with binding 'y' denied request: ..."} and {@code ALLOW 200, 1
 * warning}.
 */
final class DecisionSummary {

  private DecisionSummary() {}

  static String of(Decision decision) {
    StringBuilder line = new StringBuilder(decision.allowed() ? "ALLOW" : "DENY");
    line.append(' ').append(decision.status());
    if (!decision.policy().isEmpty()) {
      line.append(' ').append(decision.policy());
    }
    if (!decision.rule().isEmpty()) {
      line.append(" rule=").append(decision.rule());
    }
    if (!decision.reasons().isEmpty()) {
      line.append(": ").append(Mismatch.quote(decision.reasons().get(0)));
    }
    return line.toString();
  }

  static String of(AdmissionDecision decision) {
    StringBuilder line = new StringBuilder(decision.allowed() ? "ALLOW" : "DENY");
    line.append(' ').append(decision.code());
    if (!decision.allowed()) {
      line.append(' ').append(decision.reason());
    }
    int warnings = decision.warnings().size();
    if (warnings > 0) {
      line.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
    }
    int annotations = decision.auditAnnotations().size();
    if (annotations > 0) {
      line.append(", ")
          .append(annotations)
          .append(annotations == 1 ? " audit annotation" : " audit annotations");
    }
    if (!decision.allowed()) {
      line.append(": ").append(Mismatch.quote(decision.message()));
    }
    return line.toString();
  }
}
