package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request after the mutating admission policies, as kube-apiserver hands it on: validating
 * policies judge {@link #request} (the mutated object), and a mutation that failed under {@code
 * Fail} answers the request by itself ({@link #denial}). What {@code eval}, {@code apply} and
 * {@code test} share, so that all three judge the object the API server would store.
 *
 * @param mutation what the mutating policies did
 * @param request the request with the mutated object; the original when a mutation denied it
 */
public record MutatedRequest(MutationResult mutation, AdmissionRequest request) {

  /** The request's answer when a mutation failed under {@code Fail}; null when it may go on. */
  public AdmissionDecision denial() {
    return mutation.allowed()
        ? null
        : new AdmissionDecision(
            false, mutation.code(), mutation.reason(), mutation.message(), List.of(), Map.of());
  }

  /**
   * The mutating policies whose mutations changed the object, each once, in the order they ran: a
   * mutation that left the object as it was (its fields already set) did not change it.
   */
  public List<String> changedBy() {
    List<String> names = new ArrayList<>();
    for (MutationResult.AppliedPatch p : mutation.patches()) {
      if (!p.operations().isEmpty() && !names.contains(p.policy())) {
        names.add(p.policy());
      }
    }
    return names;
  }

  /** The whole patch, from the request's object to the mutated one, as RFC 6902 JSON. */
  public List<Object> patchJson() {
    List<Object> patch = new ArrayList<>();
    mutation.patch().forEach(op -> patch.add(op.toJson()));
    return patch;
  }
}
