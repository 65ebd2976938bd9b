package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AdmissionReview v1 wire format, in one place for every front door: the webhook answers {@code
 * POST /validate} with it and {@code celador eval --admission-review} prints it, so both give the
 * same bytes for the same review. Input is a review already parsed from JSON or YAML (maps, lists,
 * scalars); output is compact JSON that echoes apiVersion, kind and uid and carries allowed, status
 * (on denial), warnings and auditAnnotations (keys sorted); a patch only in answers of {@code POST
 * /mutate} ({@link #write(String, AdmissionMutation)}).
 */
public final class AdmissionReviewMapper {

  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  private AdmissionReviewMapper() {}

  /**
   * The review's request, or why {@code review} is not an AdmissionReview v1 of the shape
   * kube-apiserver sends (the message names the field at fault; see {@link ReviewShape}).
   */
  public static AdmissionRequest read(Object review) throws BadReviewException {
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) ReviewShape.request(review);
    return AdmissionRequest.fromMap(fields);
  }

  /**
   * Decides {@code request}; an unexpected evaluation failure denies (fail closed) with code 500 in
   * the review's status rather than failing the call.
   */
  public static AdmissionDecision decide(
      CompiledAdmissionSet set, AdmissionRequest request, AdmissionContext context) {
    try {
      return set.evaluate(request, context);
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /**
   * As {@link #decide}, with what every policy and binding made of the request ({@link
   * CompiledAdmissionSet#explain}); after an unexpected failure, the denial and no rows.
   */
  public static AdmissionReport explain(
      CompiledAdmissionSet set, AdmissionRequest request, AdmissionContext context) {
    try {
      return set.explain(request, context);
    } catch (RuntimeException e) {
      return new AdmissionReport(request, internalError(e), List.of());
    }
  }

  /**
   * What the mutating policies do to {@code request}, with the patch the webhook answers with; an
   * unexpected failure denies (fail closed) with code 500, as {@link #decide} does. A DELETE has no
   * object to change and a CONNECT's object is its options, not a stored object: both are allowed
   * unchanged without asking any policy.
   */
  public static AdmissionMutation mutate(
      CompiledAdmissionSet set, AdmissionRequest request, AdmissionContext context) {
    if (request.object() == null
        || "DELETE".equals(request.operation())
        || "CONNECT".equals(request.operation())) {
      return AdmissionMutation.unchanged(request);
    }
    try {
      return AdmissionMutation.of(request, set.mutate(request, context));
    } catch (RuntimeException e) {
      AdmissionDecision error = internalError(e);
      return AdmissionMutation.failed(error.code(), error.reason(), error.message());
    }
  }

  private static AdmissionDecision internalError(RuntimeException e) {
    return new AdmissionDecision(
        false,
        500,
        "InternalError",
        "celador could not evaluate the request: " + e,
        List.of(),
        Map.of());
  }

  /** The AdmissionReview answering {@code uid} with {@code decision}, as compact JSON. */
  public static String write(String uid, AdmissionDecision decision) {
    return write(uid, decision, "");
  }

  /**
   * The AdmissionReview answering {@code uid} with {@code mutation}: as for a decision, plus {@code
   * patchType: JSONPatch} and the base64 {@code patch} when the object changed (none when not, as
   * the API server expects of an allowed review that changes nothing).
   */
  public static String write(String uid, AdmissionMutation mutation) {
    return write(uid, mutation.decision(), mutation.patchJson());
  }

  private static String write(String uid, AdmissionDecision decision, String patch) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("uid", uid);
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("status", "Failure");
      status.put("code", decision.code());
      status.put("reason", decision.reason());
      status.put("message", decision.message());
      response.put("status", status);
    }
    if (!patch.isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put(
          "patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
    }
    if (!decision.warnings().isEmpty()) {
      response.put("warnings", decision.warnings());
    }
    if (!decision.auditAnnotations().isEmpty()) {
      response.put("auditAnnotations", new TreeMap<>(decision.auditAnnotations()));
    }
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", API_VERSION);
    review.put("kind", KIND);
    review.put("response", response);
    return JsonText.write(JsonText.Style.GO, review);
  }

  /** A small JSON error body for input that is not a review: {@code {"error":"..."}}. */
  public static String error(String message) {
    return JsonText.write(JsonText.Style.GO, Map.of("error", message));
  }
}
