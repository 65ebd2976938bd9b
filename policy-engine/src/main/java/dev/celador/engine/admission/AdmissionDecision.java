package dev.celador.engine.admission;

import java.util.List;
import java.util.Map;

/**
 * The outcome of admission policies for one request, transport-neutral: allowed or not, the HTTP
 * code and reason and message of a denial (the API server's wording), warnings for the client, and
 * audit annotations.
 */
public record AdmissionDecision(
    boolean allowed,
    int code,
    String reason,
    String message,
    List<String> warnings,
    Map<String, String> auditAnnotations) {

  public AdmissionDecision {
    warnings = List.copyOf(warnings);
    auditAnnotations = Map.copyOf(auditAnnotations);
  }

  /** kube-apiserver's HTTP code for a denial reason; unknown reasons are 422 like Invalid. */
  static int codeFor(String reason) {
    return switch (reason) {
      case "Unauthorized" -> 401;
      case "Forbidden" -> 403;
      case "RequestEntityTooLarge" -> 413;
      default -> 422;
    };
  }
}
