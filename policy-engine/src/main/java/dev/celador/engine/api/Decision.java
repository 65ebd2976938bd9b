package dev.celador.engine.api;

import java.util.List;
import java.util.Map;

/**
 * The engine's answer for one request, independent of the transport that will carry it.
 *
 * @param status HTTP status hint: 200 when allowed, else 401, 403, 429, ...
 * @param policy id of the deciding policy, "" when no policy decided (default allow)
 * @param rule name of the deciding rule, "" when none did
 * @param headers headers to set upstream on allow; they overwrite any client-sent copy
 * @param headersToRemove headers to strip upstream, so clients cannot spoof identity headers
 * @param responseHeaders headers for the client: with a denial (e.g. {@code Retry-After}), or on
 *     allow added to the upstream's response (e.g. {@code RateLimit})
 * @param evaluationError true when an expression failed and the policy's failurePolicy denied
 * @param trace every rule evaluated, only when a trace was requested
 * @param audits AUDIT rules and rules of dryRun policies that matched; they never change the
 *     outcome but belong in the decision log
 */
public record Decision(
    boolean allowed,
    int status,
    String policy,
    String rule,
    List<String> reasons,
    Map<String, String> headers,
    List<String> headersToRemove,
    Map<String, String> responseHeaders,
    boolean evaluationError,
    List<TraceEntry> trace,
    List<TraceEntry> audits) {

  public Decision {
    reasons = List.copyOf(reasons);
    headers = Map.copyOf(headers);
    headersToRemove = List.copyOf(headersToRemove);
    responseHeaders = Map.copyOf(responseHeaders);
    trace = List.copyOf(trace);
    audits = List.copyOf(audits);
  }

  /** What a decision does with the request, for callers that branch on it. */
  public enum Effect {
    /** Allowed: forward it. */
    ALLOW,
    /** Denied by a policy, a default action, a missing or bad token or a rate limit. */
    DENY,
    /** An expression failed and its policy's failurePolicy denied; a proxy may treat as error. */
    ERROR,
    /** No policy set is loaded yet: nothing decided, and nothing allowed. */
    NOT_READY
  }

  private static final List<String> NOT_READY_REASONS = List.of("no policy set loaded");

  /**
   * The answer before the first policy set loaded: denied with 503 and no deciding policy, which no
   * evaluation produces (a store failure's 503 names its rate-limit policy).
   */
  public static Decision notReady() {
    return new Decision(
        false,
        503,
        "",
        "",
        NOT_READY_REASONS,
        Map.of(),
        List.of(),
        Map.of(),
        false,
        List.of(),
        List.of());
  }

  public Effect effect() {
    if (allowed) {
      return Effect.ALLOW;
    }
    if (evaluationError) {
      return Effect.ERROR;
    }
    return status == 503 && policy.isEmpty() && reasons.equals(NOT_READY_REASONS)
        ? Effect.NOT_READY
        : Effect.DENY;
  }

  /** This decision with the given trace and audit entries. */
  public Decision withTrace(List<TraceEntry> trace, List<TraceEntry> audits) {
    return new Decision(
        allowed,
        status,
        policy,
        rule,
        reasons,
        headers,
        headersToRemove,
        responseHeaders,
        evaluationError,
        trace == null ? List.of() : trace,
        audits);
  }
}
