package dev.celador.engine.internal.cel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rules of a policy can match a request, found with one map lookup instead of one guard per
 * rule. When many rules require the same attribute to equal a literal (typically one rule per
 * caller: {@code source.principal == "spiffe://…/team-7/…" && …}), a rule whose literal differs
 * from the request's value has a false conjunct, so CEL's {@code &&} makes it false whatever its
 * other conjuncts do: skipping it gives exactly the result of evaluating it. Immutable.
 */
public final class RuleIndex {

  /** Below this many rules sharing an attribute, checking their guards one by one is as cheap. */
  static final int MIN_INDEXED_RULES = 4;

  private final RuleGuard attribute;
  private final Map<String, int[]> byValue;
  private final int[] others;

  private RuleIndex(RuleGuard attribute, Map<String, int[]> byValue, int[] others) {
    this.attribute = attribute;
    this.byValue = byValue;
    this.others = others;
  }

  /**
   * The index of {@code rules} (their {@code when} expressions, in order), or null when fewer than
   * {@link #MIN_INDEXED_RULES} of them test one attribute for membership.
   */
  public static RuleIndex of(List<CompiledExpression> rules) {
    Map<String, List<Integer>> rulesByAttribute = new LinkedHashMap<>();
    Map<String, RuleGuard> sample = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      for (RuleGuard guard : rules.get(i).guards()) {
        if (guard.isMembership()) {
          List<Integer> indexes =
              rulesByAttribute.computeIfAbsent(guard.attributeName(), k -> new ArrayList<>());
          if (indexes.isEmpty() || indexes.get(indexes.size() - 1) != i) {
            indexes.add(i);
          }
          sample.putIfAbsent(guard.attributeName(), guard);
        }
      }
    }
    String best = null;
    for (var e : rulesByAttribute.entrySet()) {
      if (best == null || e.getValue().size() > rulesByAttribute.get(best).size()) {
        best = e.getKey();
      }
    }
    if (best == null || rulesByAttribute.get(best).size() < MIN_INDEXED_RULES) {
      return null;
    }
    return build(rules, best, sample.get(best));
  }

  private static RuleIndex build(List<CompiledExpression> rules, String name, RuleGuard attribute) {
    // A rule with several membership guards on the attribute can only match values in all of them.
    Map<String, TreeSet<Integer>> byValue = new HashMap<>();
    TreeSet<Integer> others = new TreeSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Set<String> allowed = null;
      for (RuleGuard guard : rules.get(i).guards()) {
        if (guard.isMembership() && guard.attributeName().equals(name)) {
          if (allowed == null) {
            allowed = new HashSet<>(guard.values());
          } else {
            allowed.retainAll(guard.values());
          }
        }
      }
      if (allowed == null) {
        others.add(i);
      } else {
        for (String value : allowed) {
          byValue.computeIfAbsent(value, v -> new TreeSet<>()).add(i);
        }
      }
    }
    Map<String, int[]> candidates = new HashMap<>();
    byValue.forEach(
        (value, indexes) -> {
          TreeSet<Integer> all = new TreeSet<>(indexes);
          all.addAll(others);
          candidates.put(value, toArray(all));
        });
    return new RuleIndex(attribute, Map.copyOf(candidates), toArray(others));
  }

  private static int[] toArray(TreeSet<Integer> sorted) {
    return sorted.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The positions of the rules that can match, ascending; null when the request's attribute is
   * absent or not a string, so the guards cannot tell (every rule must then be evaluated). The
   * array is shared: never modify it.
   */
  public int[] candidates(RequestActivation activation) {
    String value = attribute.read(activation);
    if (value == null) {
      return null;
    }
    return byValue.getOrDefault(value, others);
  }

  /** The attribute the rules are indexed by, for tests and traces. */
  public String attributeName() {
    return attribute.attributeName();
  }
}
