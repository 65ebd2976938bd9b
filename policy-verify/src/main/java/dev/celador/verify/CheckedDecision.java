package dev.celador.verify;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.Decision;

/**
 * The decision a case was checked against: the engine's own value, so reporters can show it whole
 * (as {@code celador eval} does) as well as in one line.
 */
public sealed interface CheckedDecision {

  /** One line for people, such as {@code DENY 403 shop/no-deletes rule=delete-needs-admin}. */
  String summary();

  /** An HTTP case's decision. */
  record Http(Decision decision) implements CheckedDecision {
    @Override
    public String summary() {
      return DecisionSummary.of(decision);
    }
  }

  /** An admission case's decision. */
  record Admission(AdmissionDecision decision) implements CheckedDecision {
    @Override
    public String summary() {
      return DecisionSummary.of(decision);
    }
  }
}
