package dev.celador.engine.internal.eval;

import dev.cel.common.exceptions.CelAttributeNotFoundException;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.api.TraceEntry.Result;
import dev.celador.engine.internal.cel.RequestActivation;
import dev.celador.engine.internal.cel.RuleIndex;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.HeaderValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The evaluation of one request against the policies that select it. Single use, one step at a
 * time: the rate-limit step may finish on the thread that delivers a store's answer.
 */
final class Evaluation {

  private static final int OK = 200;

  private final RequestActivation activation;
  private final boolean tracing;
  private final List<String> identityHeaders;
  private final Authentication authentication;
  private final DefaultAction unselected;
  private final List<TraceEntry> trace;
  private List<TraceEntry> audits = List.of();

  Evaluation(
      AuthzRequest request,
      Clock clock,
      boolean tracing,
      List<String> identityHeaders,
      Authentication authentication,
      DefaultAction unselected) {
    this.unselected = unselected;
    // The clock is read once per request and only used when the request carries no time.
    this.activation =
        new RequestActivation(
            request,
            request.request().time() != null ? null : clock.instant(),
            authentication.token());
    this.tracing = tracing;
    this.identityHeaders = identityHeaders;
    this.authentication = authentication;
    this.trace = tracing ? new ArrayList<>() : null;
  }

  /** Completes when the rate-limit stores have answered; at once when none is asked. */
  CompletableFuture<Decision> decide(
      List<CompiledPolicy> selected, List<CompiledRateLimitPolicy> limited) {
    Decision decision = enforce(selected);
    if (decision.allowed() && !limited.isEmpty()) {
      return new RateLimitStage(activation, trace, this::audit)
          .apply(decision, limited)
          .thenApply(limitedDecision -> finish(limitedDecision, selected));
    }
    return CompletableFuture.completedFuture(finish(decision, selected));
  }

  private Decision finish(Decision decision, List<CompiledPolicy> selected) {
    recordAudits(selected);
    return tracing || !audits.isEmpty() ? decision.withTrace(trace, audits) : decision;
  }

  private Decision enforce(List<CompiledPolicy> selected) {
    for (CompiledPolicy policy : selected) {
      if (policy.enforced() && policy.action() == Action.DENY) {
        Decision denied = denyPhase(policy);
        if (denied != null) {
          return denied;
        }
      }
    }
    CompiledPolicy firstAllow = null;
    for (CompiledPolicy policy : selected) {
      if (!policy.enforced() || policy.action() != Action.ALLOW) {
        continue;
      }
      if (firstAllow == null) {
        firstAllow = policy;
      }
      List<CompiledRule> rules = policy.rules();
      int[] only = candidates(policy);
      for (int k = 0, n = only == null ? rules.size() : only.length; k < n; k++) {
        CompiledRule rule = rules.get(only == null ? k : only[k]);
        Outcome outcome = evaluateRule(policy, rule);
        if (outcome.matched) {
          skipRest(policy, rule);
          return allow(policy, rule);
        }
        if (outcome.error != null && policy.failClosed()) {
          return errorDeny(policy, rule, outcome.error);
        }
      }
    }
    if (firstAllow == null) {
      if (unselected == DefaultAction.DENY
          && selected.stream().noneMatch(CompiledPolicy::enforced)) {
        // The reason names the setting, so an operator sees why and where to change it.
        return denied(
            "", "", "no policy selects this request (celador.default-action: DENY)", 403, false);
      }
      return allowed(
          "", "", List.of("no ALLOW policy selects this request"), authentication.headers());
    }
    String reason = "no ALLOW rule matched this request";
    return denied(firstAllow, "", firstAllow.denyMessage(reason), firstAllow.denyStatus(), false);
  }

  /**
   * The positions of the policy's rules that can match, from its {@link RuleIndex}; null to
   * evaluate every rule (no index, the index cannot tell, or a trace must list every rule).
   */
  private int[] candidates(CompiledPolicy policy) {
    RuleIndex index = policy.ruleIndex();
    return tracing || index == null ? null : index.candidates(activation);
  }

  /** A DENY policy's rules: the first match (or failing rule under Fail) decides. */
  private Decision denyPhase(CompiledPolicy policy) {
    List<CompiledRule> rules = policy.rules();
    int[] only = candidates(policy);
    for (int k = 0, n = only == null ? rules.size() : only.length; k < n; k++) {
      CompiledRule rule = rules.get(only == null ? k : only[k]);
      Outcome outcome = evaluateRule(policy, rule);
      if (outcome.matched) {
        skipRest(policy, rule);
        String fallback = "denied by " + policy.id() + " rule " + rule.name();
        return denied(
            policy, rule.name(), policy.denyMessage(fallback), policy.denyStatus(), false);
      }
      if (outcome.error != null && policy.failClosed()) {
        skipRest(policy, rule);
        return errorDeny(policy, rule, outcome.error);
      }
    }
    return null;
  }

  private Decision allow(CompiledPolicy policy, CompiledRule rule) {
    List<CompiledHeader> specs = policy.allowHeaders();
    Map<String, String> claims = authentication.headers();
    // Built as the immutable map the decision keeps: a few entries, no hash table per request.
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] headers = new Map.Entry[specs.size() + claims.size()];
    int n = 0;
    String reason = policy.allowReasons().get(rule.name());
    List<String> reasons = null; // allocated only when a header is dropped
    List<String> dropped = null;
    for (CompiledHeader header : specs) {
      try {
        Object value = header.value().evaluate(activation);
        if (value instanceof String s) {
          int bad = HeaderValue.controlCharacterAt(s);
          if (bad < 0) {
            n = put(headers, n, header.name(), s);
          } else {
            // Never sent: a CR/LF would inject a header upstream. Still listed to remove, so a
            // client-sent copy cannot take its place.
            if (reasons == null) {
              reasons = new ArrayList<>(List.of(reason));
              dropped = new ArrayList<>();
            }
            reasons.add(droppedReason(header.name(), s.charAt(bad)));
            dropped.add(header.name());
          }
          continue;
        }
        if (policy.failClosed()) {
          return errorDeny(policy, rule, "header " + header.name() + " is not a string");
        }
      } catch (CelEvaluationException | RuntimeException e) {
        if (policy.failClosed()) {
          return errorDeny(policy, rule, "header " + header.name() + ": " + message(e));
        }
      }
    }
    // The token's forwarded claims where no policy header of the same name is set (or dropped).
    for (Map.Entry<String, String> claim : claims.entrySet()) {
      if (indexOf(headers, n, claim.getKey()) < 0
          && (dropped == null || !dropped.contains(claim.getKey()))) {
        headers[n++] = claim;
      }
    }
    return allowed(
        policy.id(),
        rule.name(),
        reasons == null ? List.of(reason) : reasons,
        Map.ofEntries(Arrays.copyOf(headers, n)));
  }

  static String droppedReason(String header, char bad) {
    return String.format(
        "header %s not sent: its value has the control character U+%04X", header, (int) bad);
  }

  /** Sets {@code name} in the first {@code n} entries; returns the new count. */
  private static int put(Map.Entry<String, String>[] entries, int n, String name, String value) {
    int at = indexOf(entries, n, name);
    entries[at < 0 ? n : at] = Map.entry(name, value);
    return at < 0 ? n + 1 : n;
  }

  private static int indexOf(Map.Entry<String, String>[] entries, int n, String name) {
    for (int i = 0; i < n; i++) {
      if (entries[i].getKey().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * An allowing decision: {@code headers} (claims and policy headers) set, every identity header
   * they do not set stripped, and the token's own header unless forwarded.
   */
  private Decision allowed(
      String policy, String rule, List<String> reasons, Map<String, String> headers) {
    List<String> remove = new ArrayList<>(identityHeaders.size() + authentication.remove().size());
    for (String name : identityHeaders) {
      if (!headers.containsKey(name)) {
        remove.add(name);
      }
    }
    for (String name : authentication.remove()) {
      if (!headers.containsKey(name) && !remove.contains(name)) {
        remove.add(name);
      }
    }
    return new Decision(
        true, OK, policy, rule, reasons, headers, remove, Map.of(), false, List.of(), List.of());
  }

  private Decision errorDeny(CompiledPolicy policy, CompiledRule rule, String error) {
    String reason =
        "evaluation error in "
            + policy.id()
            + " rule "
            + rule.name()
            + " (failurePolicy Fail): "
            + error;
    return denied(policy, rule.name(), reason, policy.denyStatus(), true);
  }

  private static Decision denied(
      CompiledPolicy policy, String rule, String reason, int status, boolean error) {
    return denied(policy.id(), rule, reason, status, error);
  }

  /** A denial by {@code policy} (an id, or "" when the default action decided). */
  private static Decision denied(
      String policy, String rule, String reason, int status, boolean error) {
    return new Decision(
        false,
        status,
        policy,
        rule,
        List.of(reason),
        Map.of(),
        List.of(),
        Map.of(),
        error,
        List.of(),
        List.of());
  }

  /** AUDIT policies and dryRun policies: every rule runs, matches are recorded, nothing decides. */
  private void recordAudits(List<CompiledPolicy> selected) {
    for (CompiledPolicy policy : selected) {
      if (policy.enforced()) {
        continue;
      }
      for (CompiledRule rule : policy.rules()) {
        if (evaluateRule(policy, rule).matched) {
          audit(entry(policy, rule.name(), Result.MATCH, ""));
        }
      }
    }
  }

  private void audit(TraceEntry entry) {
    if (audits.isEmpty()) {
      audits = new ArrayList<>();
    }
    audits.add(entry);
  }

  private Outcome evaluateRule(CompiledPolicy policy, CompiledRule rule) {
    Outcome outcome;
    try {
      Object value = rule.when().evaluate(activation);
      outcome =
          value instanceof Boolean b
              ? (b ? Outcome.MATCH : Outcome.NO_MATCH)
              : new Outcome(false, "when returned " + typeName(value) + ", not bool");
    } catch (CelEvaluationException | RuntimeException e) {
      outcome = new Outcome(false, message(e));
    }
    if (tracing) {
      Result result =
          outcome.matched ? Result.MATCH : outcome.error != null ? Result.ERROR : Result.NO_MATCH;
      trace.add(entry(policy, rule.name(), result, outcome.error == null ? "" : outcome.error));
    }
    return outcome;
  }

  private void skipRest(CompiledPolicy policy, CompiledRule decided) {
    if (!tracing) {
      return;
    }
    List<CompiledRule> rules = policy.rules();
    for (int i = rules.indexOf(decided) + 1; i < rules.size(); i++) {
      trace.add(entry(policy, rules.get(i).name(), Result.NOT_EVALUATED, "decision already made"));
    }
  }

  private static TraceEntry entry(CompiledPolicy p, String rule, Result result, String detail) {
    return new TraceEntry(p.id(), rule, p.action().name(), p.dryRun(), result, detail);
  }

  private static final java.util.regex.Pattern CEL_OFFSET =
      java.util.regex.Pattern.compile("^evaluation error at <input>:\\d+: ");

  /** CEL's message without its offset into the bare expression, which means nothing to users. */
  static String message(Exception e) {
    String m = e.getMessage() == null ? "" : CEL_OFFSET.matcher(e.getMessage()).replaceFirst("");
    Throwable cause = e.getCause();
    if (cause instanceof CelAttributeNotFoundException && !m.contains(" ")) {
      return "no such key: '" + m + "'"; // CEL reports a missing map key as the bare key
    }
    if (m.isBlank()) {
      return "internal error (" + (cause != null ? cause : e).getClass().getSimpleName() + ")";
    }
    return m;
  }

  static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  /** What one rule did: matched, did not, or failed with {@code error}. */
  private record Outcome(boolean matched, String error) {
    static final Outcome MATCH = new Outcome(true, null);
    static final Outcome NO_MATCH = new Outcome(false, null);
  }
}
