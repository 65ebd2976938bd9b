package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionDecision;
import dev.celador.engine.admission.AdmissionRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads AdmissionReview v1 requests and writes their responses: the only place that knows the wire
 * format. The response echoes apiVersion, kind and uid, carries allowed, status (on denial),
 * warnings and auditAnnotations, and never a patch.
 */
final class AdmissionReviewMapper {

  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdmissionReviewMapper() {}

  /** The review's request, or why the body is not an AdmissionReview v1. */
  static AdmissionRequest read(byte[] body) throws BadReviewException {
    Object parsed;
    try {
      parsed = JSON.readValue(body, Object.class);
    } catch (JacksonException e) {
      throw new BadReviewException("malformed JSON: " + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map<?, ?> review)) {
      throw new BadReviewException("expected a JSON object (an AdmissionReview)");
    }
    Object apiVersion = review.get("apiVersion");
    if (!API_VERSION.equals(apiVersion) || !KIND.equals(review.get("kind"))) {
      throw new BadReviewException(
          "expected apiVersion "
              + API_VERSION
              + " and kind "
              + KIND
              + ", got apiVersion "
              + apiVersion
              + " and kind "
              + review.get("kind"));
    }
    if (!(review.get("request") instanceof Map<?, ?> request)) {
      throw new BadReviewException("request: required field is missing");
    }
    if (!(request.get("uid") instanceof String uid) || uid.isEmpty()) {
      throw new BadReviewException("request.uid: required field is missing");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) request;
    return AdmissionRequest.fromMap(fields);
  }

  /** The AdmissionReview answering {@code uid} with {@code decision}. */
  static byte[] write(String uid, AdmissionDecision decision) {
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
    if (!decision.warnings().isEmpty()) {
      response.put("warnings", decision.warnings());
    }
    if (!decision.auditAnnotations().isEmpty()) {
      response.put("auditAnnotations", decision.auditAnnotations());
    }
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("apiVersion", API_VERSION);
    review.put("kind", KIND);
    review.put("response", response);
    return JSON.writeValueAsBytes(review);
  }

  /** A small JSON error body for requests that are not reviews. */
  static byte[] error(String message) {
    return JSON.writeValueAsBytes(Map.of("error", message));
  }
}
