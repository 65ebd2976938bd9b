package dev.celador.engine.internal.eval;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.model.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Finds the policies whose target selects a request without looking at the others: each policy is
 * filed under its most selective exact selector (destination principal, then namespace, then host,
 * then one context extension); policies with none are checked for every request. Candidates are
 * then confirmed by their full {@link TargetMatcher}. Immutable. Indexes any kind of policy with a
 * target: {@code P} is the compiled policy type.
 */
final class PolicyIndex<P> {

  private final Map<String, Object[]> byPrincipal;
  private final Map<String, Object[]> byNamespace;
  private final Map<String, Object[]> byHost;
  private final Map<String, Object[]> byContext;
  private final Object[] unindexed;
  private final Function<P, TargetMatcher> target;
  private final Comparator<P> byOrdinal;

  /** An index of access policies. */
  static PolicyIndex<CompiledPolicy> of(List<CompiledPolicy> policies) {
    return new PolicyIndex<>(policies, CompiledPolicy::target, CompiledPolicy::ordinal);
  }

  /**
   * @param target a policy's target
   * @param ordinal a policy's position in evaluation order
   */
  PolicyIndex(List<P> policies, Function<P, TargetMatcher> target, ToIntFunction<P> ordinal) {
    this.target = target;
    this.byOrdinal = Comparator.comparingInt(ordinal);
    Map<String, List<P>> principal = new HashMap<>();
    Map<String, List<P>> namespace = new HashMap<>();
    Map<String, List<P>> host = new HashMap<>();
    Map<String, List<P>> context = new HashMap<>();
    List<P> rest = new ArrayList<>();
    for (P policy : policies) {
      Target t = target.apply(policy).target();
      if (!t.principals().isEmpty()) {
        file(principal, t.principals(), policy);
      } else if (!t.namespaces().isEmpty()) {
        file(namespace, t.namespaces(), policy);
      } else if (!t.hosts().isEmpty() && t.hosts().stream().noneMatch(h -> h.startsWith("*"))) {
        file(host, t.hosts(), policy);
      } else if (!t.contextExtensions().isEmpty()) {
        var first = new TreeMap<>(t.contextExtensions()).firstEntry();
        file(context, List.of(contextKey(first.getKey(), first.getValue())), policy);
      } else {
        rest.add(policy);
      }
    }
    this.byPrincipal = freeze(principal);
    this.byNamespace = freeze(namespace);
    this.byHost = freeze(host);
    this.byContext = freeze(context);
    this.unindexed = rest.toArray();
  }

  /** The policies selecting {@code request}, in evaluation order. Read-only. */
  List<P> select(AuthzRequest request) {
    Object[] principal = byPrincipal.get(request.destination().principal());
    Object[] namespace = byNamespace.get(request.destination().namespace());
    Object[] host = byHost.get(request.request().hostWithoutPort());
    if (byContext.isEmpty() && unindexed.length == 0) {
      // The common case, one policy filed under the target's identity, without the list work.
      Object[] only = principal != null ? principal : namespace != null ? namespace : host;
      int buckets =
          (principal != null ? 1 : 0) + (namespace != null ? 1 : 0) + (host != null ? 1 : 0);
      if (buckets == 0) {
        return List.of();
      }
      if (buckets == 1 && only.length == 1) {
        @SuppressWarnings("unchecked") // every array holds only P, filed by the constructor
        P policy = (P) only[0];
        return target.apply(policy).matches(request) ? List.of(policy) : List.of();
      }
    }
    List<P> candidates = new ArrayList<>();
    add(candidates, principal);
    add(candidates, namespace);
    add(candidates, host);
    if (!byContext.isEmpty()) {
      for (Map.Entry<String, String> e : request.context().entrySet()) {
        add(candidates, byContext.get(contextKey(e.getKey(), e.getValue())));
      }
    }
    add(candidates, unindexed);
    candidates.removeIf(p -> !target.apply(p).matches(request));
    if (candidates.size() > 1) {
      candidates.sort(byOrdinal);
    }
    return candidates;
  }

  @SuppressWarnings("unchecked") // every array holds only P, filed by the constructor
  private void add(List<P> out, Object[] bucket) {
    if (bucket != null) {
      for (Object policy : bucket) {
        out.add((P) policy);
      }
    }
  }

  private static String contextKey(String key, String value) {
    return key + '\u0000' + value;
  }

  private static <P> void file(Map<String, List<P>> map, List<String> keys, P policy) {
    for (String key : keys) {
      List<P> bucket = map.computeIfAbsent(key, k -> new ArrayList<>());
      if (!bucket.contains(policy)) {
        bucket.add(policy);
      }
    }
  }

  private static <P> Map<String, Object[]> freeze(Map<String, List<P>> map) {
    Map<String, Object[]> frozen = new HashMap<>();
    map.forEach((k, v) -> frozen.put(k, v.toArray()));
    return Map.copyOf(frozen);
  }
}
