package dev.celador.engine.eval;

import dev.celador.engine.model.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the policies whose target selects a request without looking at the others: each policy is
 * filed under its most selective exact selector (destination principal, then namespace, then host,
 * then one context extension); policies with none are checked for every request. Candidates are
 * then confirmed by their full {@link TargetMatcher}. Immutable.
 */
final class PolicyIndex {

  private static final CompiledPolicy[] NONE = new CompiledPolicy[0];

  private final Map<String, CompiledPolicy[]> byPrincipal;
  private final Map<String, CompiledPolicy[]> byNamespace;
  private final Map<String, CompiledPolicy[]> byHost;
  private final Map<String, CompiledPolicy[]> byContext;
  private final CompiledPolicy[] unindexed;

  PolicyIndex(List<CompiledPolicy> policies) {
    Map<String, List<CompiledPolicy>> principal = new HashMap<>();
    Map<String, List<CompiledPolicy>> namespace = new HashMap<>();
    Map<String, List<CompiledPolicy>> host = new HashMap<>();
    Map<String, List<CompiledPolicy>> context = new HashMap<>();
    List<CompiledPolicy> rest = new ArrayList<>();
    for (CompiledPolicy policy : policies) {
      Target t = policy.target().target();
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
    this.unindexed = rest.toArray(NONE);
  }

  /** The policies selecting {@code request}, in evaluation order. */
  List<CompiledPolicy> select(AuthzRequest request) {
    List<CompiledPolicy> candidates = new ArrayList<>();
    add(candidates, byPrincipal.get(request.destination().principal()));
    add(candidates, byNamespace.get(request.destination().namespace()));
    add(candidates, byHost.get(request.request().hostWithoutPort()));
    if (!byContext.isEmpty()) {
      for (Map.Entry<String, String> e : request.context().entrySet()) {
        add(candidates, byContext.get(contextKey(e.getKey(), e.getValue())));
      }
    }
    add(candidates, unindexed);
    // Buckets are each sorted; only a request hitting several needs a re-sort.
    candidates.removeIf(p -> !p.target().matches(request));
    candidates.sort(Comparator.comparingInt(CompiledPolicy::ordinal));
    return candidates;
  }

  private static void add(List<CompiledPolicy> out, CompiledPolicy[] bucket) {
    if (bucket != null) {
      out.addAll(Arrays.asList(bucket));
    }
  }

  private static String contextKey(String key, String value) {
    return key + '\u0000' + value;
  }

  private static void file(
      Map<String, List<CompiledPolicy>> map, List<String> keys, CompiledPolicy policy) {
    for (String key : keys) {
      List<CompiledPolicy> bucket = map.computeIfAbsent(key, k -> new ArrayList<>());
      if (!bucket.contains(policy)) {
        bucket.add(policy);
      }
    }
  }

  private static Map<String, CompiledPolicy[]> freeze(Map<String, List<CompiledPolicy>> map) {
    Map<String, CompiledPolicy[]> frozen = new HashMap<>();
    map.forEach((k, v) -> frozen.put(k, v.toArray(NONE)));
    return Map.copyOf(frozen);
  }
}
