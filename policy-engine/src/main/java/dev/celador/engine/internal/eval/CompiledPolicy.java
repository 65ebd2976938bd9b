package dev.celador.engine.internal.eval;

import dev.celador.engine.internal.cel.RuleIndex;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.DenyResponse;
import dev.celador.engine.internal.model.FailurePolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An access policy with every expression compiled.
 *
 * @param ordinal position in the set's evaluation order (policies sorted by id)
 * @param ruleIndex finds the rules that can match a request; null when the rules share no indexable
 *     attribute. Always derived from {@code rules} (a passed value is ignored)
 * @param allowReasons the reason an allowing decision gives, by rule name; derived likewise, once
 *     rather than concatenated per request
 */
public record CompiledPolicy(
    int ordinal,
    AccessPolicy source,
    TargetMatcher target,
    List<CompiledRule> rules,
    List<CompiledHeader> allowHeaders,
    RuleIndex ruleIndex,
    Map<String, String> allowReasons) {

  public CompiledPolicy {
    rules = List.copyOf(rules);
    allowHeaders = List.copyOf(allowHeaders);
    ruleIndex = RuleIndex.of(rules.stream().map(CompiledRule::when).toList());
    Map<String, String> reasons = new HashMap<>();
    for (CompiledRule rule : rules) {
      reasons.put(rule.name(), "allowed by " + source.metadata().id() + " rule " + rule.name());
    }
    allowReasons = Map.copyOf(reasons);
  }

  public CompiledPolicy(
      int ordinal,
      AccessPolicy source,
      TargetMatcher target,
      List<CompiledRule> rules,
      List<CompiledHeader> allowHeaders) {
    this(ordinal, source, target, rules, allowHeaders, null, null);
  }

  public String id() {
    return source.metadata().id();
  }

  public Action action() {
    return source.action();
  }

  public boolean dryRun() {
    return source.dryRun();
  }

  /** Enforced policies decide; AUDIT and dryRun policies are only recorded. */
  public boolean enforced() {
    return !source.dryRun() && source.action() != Action.AUDIT;
  }

  public boolean failClosed() {
    return source.failurePolicy() == FailurePolicy.FAIL;
  }

  public int denyStatus() {
    return source.denyResponse().map(DenyResponse::status).orElse(DenyResponse.DEFAULT_STATUS);
  }

  /** The policy's own deny message, or {@code fallback} when it has none. */
  public String denyMessage(String fallback) {
    return source
        .denyResponse()
        .map(DenyResponse::message)
        .filter(m -> !m.isEmpty())
        .orElse(fallback);
  }
}
