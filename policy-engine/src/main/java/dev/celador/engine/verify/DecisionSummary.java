package dev.celador.engine.verify;

import dev.celador.engine.eval.Decision;

/**
 * One line saying what a decision was, for failure reports: {@code DENY 403 shop/no-deletes
 * rule=delete-needs-admin: "shop: deletes are reserved"}.
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
}
