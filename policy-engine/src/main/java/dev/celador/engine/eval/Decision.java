package dev.celador.engine.eval;

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
