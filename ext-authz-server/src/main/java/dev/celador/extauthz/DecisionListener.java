package dev.celador.extauthz;

import dev.celador.engine.api.AuthzRequest;

/**
 * Observes every answer of the front door, for metrics and decision logs. Called on the request
 * thread after the answer is built: implementations must be fast and must not block.
 */
public interface DecisionListener {

  DecisionListener NONE = (transport, request, verdict, nanos) -> {};

  /**
   * @param request the mapped request; null when the request could not be read
   * @param nanos time spent mapping and deciding
   */
  void onVerdict(Transport transport, AuthzRequest request, Verdict verdict, long nanos);
}
