package dev.celador.engine.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of admission policies for one request, transport-neutral: allowed or not, the HTTP
 * code and reason and message of a denial (the API server's wording), warnings for the client,
 * audit annotations, and what each matching policy and binding decided (for metrics and logs).
 */
public record AdmissionDecision(
    boolean allowed,
    int code,
    String reason,
    String message,
    List<String> warnings,
    Map<String, String> auditAnnotations,
    List<PolicyEvaluation> evaluations) {

  public AdmissionDecision {
    warnings = List.copyOf(warnings);
    auditAnnotations = Map.copyOf(auditAnnotations);
    evaluations = List.copyOf(evaluations);
  }

  /** A decision without per-policy results (errors before any policy ran). */
  public AdmissionDecision(
      boolean allowed,
      int code,
      String reason,
      String message,
      List<String> warnings,
      Map<String, String> auditAnnotations) {
    this(allowed, code, reason, message, warnings, auditAnnotations, List.of());
  }

  /**
   * The answer before the first policy set loaded: an error the API server sees as the webhook
   * failing (its failurePolicy decides), not an allow.
   */
  public static AdmissionDecision notReady() {
    return new AdmissionDecision(
        false,
        503,
        "ServiceUnavailable",
        "celador: no admission policies loaded yet",
        List.of(),
        Map.of());
  }

  /** The answer when the loaded sources hold no admission policy: nothing matches, so allowed. */
  public static AdmissionDecision allowedByNone() {
    return new AdmissionDecision(true, 200, "", "", List.of(), Map.of());
  }

  /**
   * What one policy with one binding decided for this request, over all its params: {@code error}
   * (an evaluation or configuration error, enforced or ignored per failurePolicy) before {@code
   * deny}, {@code warn} and {@code audit} (a failed validation under that action) before {@code
   * allow}; {@code skip} when match conditions excluded the request.
   */
  public record PolicyEvaluation(String policy, String binding, Result result) {}

  /** Per-policy results, most severe first. */
  public enum Result {
    ERROR,
    DENY,
    WARN,
    AUDIT,
    ALLOW,
    SKIP;

    /** The lower-case label used in metrics and logs. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Result worse(Result a, Result b) {
      return a.ordinal() <= b.ordinal() ? a : b;
    }
  }
}
