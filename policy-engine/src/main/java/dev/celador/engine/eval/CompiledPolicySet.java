package dev.celador.engine.eval;

import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, compiled policy set: safe to share between threads and swap atomically. Decides
 * requests in the order of DESIGN.md §2: select by target, DENY, ALLOW, then headers; AUDIT and
 * dryRun policies are evaluated and recorded but never change the outcome.
 */
public final class CompiledPolicySet {

  private final List<CompiledPolicy> policies;
  private final PolicyIndex index;
  private final List<String> identityHeaders;
  private final Clock clock;

  /**
   * @param policies every policy, already in evaluation order (their ordinals)
   */
  public CompiledPolicySet(List<CompiledPolicy> policies, Clock clock) {
    this.policies = List.copyOf(policies);
    this.index = new PolicyIndex(this.policies);
    this.clock = clock;
    Set<String> headers = new LinkedHashSet<>();
    policies.forEach(p -> p.allowHeaders().forEach(h -> headers.add(h.name())));
    this.identityHeaders = List.copyOf(headers);
  }

  /** Decides one request. With {@code trace}, the decision lists every rule evaluated. */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    List<CompiledPolicy> selected = index.select(request);
    Decision decision = new Evaluation(request, clock, trace, identityHeaders).decide(selected);
    if (!trace) {
      return decision;
    }
    return withUnselected(decision, selected);
  }

  /** Number of policies in the set. */
  public int size() {
    return policies.size();
  }

  /** Every policy, in evaluation order. */
  public List<CompiledPolicy> policies() {
    return policies;
  }

  /** Header names some policy sets upstream; clients' copies of them are always stripped. */
  public List<String> identityHeaders() {
    return identityHeaders;
  }

  private Decision withUnselected(Decision decision, List<CompiledPolicy> selected) {
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
    return decision.withTrace(trace, decision.audits());
  }
}
