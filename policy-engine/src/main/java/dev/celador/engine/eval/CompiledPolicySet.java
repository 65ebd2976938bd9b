package dev.celador.engine.eval;

import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, compiled policy set: safe to share between threads and swap atomically. Decides
 * requests in the order of DESIGN.md §2: select by target, DENY, ALLOW, rate limits (for requests
 * still allowed), then headers; AUDIT and dryRun policies and shadow limits are evaluated and
 * recorded but never change the outcome.
 */
public final class CompiledPolicySet {

  private final List<CompiledPolicy> policies;
  private final PolicyIndex<CompiledPolicy> index;
  private final List<CompiledRateLimitPolicy> rateLimits;
  private final PolicyIndex<CompiledRateLimitPolicy> rateLimitIndex;
  private final List<String> identityHeaders;
  private final Clock clock;

  /**
   * @param policies every policy, already in evaluation order (their ordinals)
   */
  public CompiledPolicySet(List<CompiledPolicy> policies, Clock clock) {
    this(policies, List.of(), clock);
  }

  /**
   * @param policies every access policy, already in evaluation order (their ordinals)
   * @param rateLimits every rate-limit policy, likewise
   */
  public CompiledPolicySet(
      List<CompiledPolicy> policies, List<CompiledRateLimitPolicy> rateLimits, Clock clock) {
    this.policies = List.copyOf(policies);
    this.index = PolicyIndex.of(this.policies);
    this.rateLimits = List.copyOf(rateLimits);
    this.rateLimitIndex =
        new PolicyIndex<>(
            this.rateLimits, CompiledRateLimitPolicy::target, CompiledRateLimitPolicy::ordinal);
    this.clock = clock;
    Set<String> headers = new LinkedHashSet<>();
    policies.forEach(p -> p.allowHeaders().forEach(h -> headers.add(h.name())));
    this.identityHeaders = List.copyOf(headers);
  }

  /** Decides one request. With {@code trace}, the decision lists every rule evaluated. */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    List<CompiledPolicy> selected = index.select(request);
    List<CompiledRateLimitPolicy> limited =
        rateLimits.isEmpty() ? List.of() : rateLimitIndex.select(request);
    Decision decision =
        new Evaluation(request, clock, trace, identityHeaders).decide(selected, limited);
    if (!trace) {
      return decision;
    }
    return withUnselected(decision, selected, limited);
  }

  /** Number of policies in the set, of every kind. */
  public int size() {
    return policies.size() + rateLimits.size();
  }

  /** Every rate-limit policy, in evaluation order. */
  public List<CompiledRateLimitPolicy> rateLimitPolicies() {
    return rateLimits;
  }

  /** Every access policy, in evaluation order. */
  public List<CompiledPolicy> policies() {
    return policies;
  }

  /** Header names some policy sets upstream; clients' copies of them are always stripped. */
  public List<String> identityHeaders() {
    return identityHeaders;
  }

  private Decision withUnselected(
      Decision decision, List<CompiledPolicy> selected, List<CompiledRateLimitPolicy> limited) {
    Set<CompiledPolicy> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
    chosen.addAll(selected);
    var trace = new java.util.ArrayList<>(decision.trace());
    for (CompiledPolicy p : policies) {
      if (!chosen.contains(p)) {
        trace.add(
            new TraceEntry(
                p.id(),
                "",
                p.action().name(),
                p.dryRun(),
                TraceEntry.Result.NOT_SELECTED,
                "target does not select this request"));
      }
    }
    Set<CompiledRateLimitPolicy> chosenLimits = Collections.newSetFromMap(new IdentityHashMap<>());
    chosenLimits.addAll(limited);
    for (CompiledRateLimitPolicy p : rateLimits) {
      if (!chosenLimits.contains(p)) {
        trace.add(
            new TraceEntry(
                p.id(),
                "",
                RateLimitStage.ACTION,
                false,
                TraceEntry.Result.NOT_SELECTED,
                "target does not select this request"));
      }
    }
    return decision.withTrace(trace, decision.audits());
  }
}
