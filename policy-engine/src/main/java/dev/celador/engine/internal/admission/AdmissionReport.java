package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.util.List;

/**
 * A request's admission decision with what every policy and binding made of it ({@link
 * CompiledAdmissionSet#explain}). The decision is exactly the webhook's for the same request.
 */
public record AdmissionReport(
    AdmissionRequest request, AdmissionDecision decision, List<PolicyResult> policies) {

  public AdmissionReport {
    policies = List.copyOf(policies);
  }
}
