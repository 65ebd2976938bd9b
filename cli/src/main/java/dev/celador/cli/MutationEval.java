package dev.celador.cli;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.admission.MutationResult;
import dev.celador.engine.internal.json.JsonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutating half of {@code celador eval --admission-review}: when MutatingAdmissionPolicies are
 * loaded, what they do to the review's object, as one JSON line before the AdmissionReview response
 * ({@code {"mutation": {"allowed", "patch", "object"}}}, or the denial's code and message).
 * Validation then judges the mutated object, as kube-apiserver runs validating policies after
 * mutating ones.
 */
final class MutationEval {

  /**
   * @param mutated what the mutating policies did, and the request validation judges
   * @param document the mutation JSON line
   */
  record Outcome(MutatedRequest mutated, String document) {}

  private MutationEval() {}

  /** Null when no mutating policy is loaded (the output stays the AdmissionReview alone). */
  static Outcome run(CompiledAdmissionSet set, AdmissionRequest request, AdmissionContext context) {
    if (set.mutatingPolicies().isEmpty()) {
      return null;
    }
    MutatedRequest mutated = set.mutateForValidation(request, context);
    MutationResult result = mutated.mutation();
    Map<String, Object> mutation = new LinkedHashMap<>();
    mutation.put("allowed", result.allowed());
    if (!result.allowed()) {
      mutation.put("code", result.code());
      mutation.put("message", result.message());
      return new Outcome(mutated, document(mutation));
    }
    mutation.put("patch", mutated.patchJson());
    mutation.put("object", result.object());
    return new Outcome(mutated, document(mutation));
  }

  /**
   * What validation makes of {@code mutated}: the mutated object judged, as kube-apiserver runs
   * validating admission after mutating admission; the mutation's own denial when it failed.
   */
  static AdmissionReport judge(
      CompiledAdmissionSet set, MutatedRequest mutated, AdmissionContext context) {
    if (mutated.denial() != null) {
      return new AdmissionReport(mutated.request(), mutated.denial(), List.of());
    }
    return AdmissionReviewMapper.explain(set, mutated.request(), context);
  }

  private static String document(Map<String, Object> mutation) {
    return JsonText.write(JsonText.Style.PLAIN, Map.of("mutation", mutation));
  }
}
