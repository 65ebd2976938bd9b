package dev.celador.cluster.audit;

import dev.celador.engine.internal.model.MatchResources;
import dev.celador.engine.internal.model.ValidatingPolicy;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds the policies can match, read from their {@code matchConstraints.resourceRules} against
 * what the API server serves (discovery): wildcards expand to every served group, version and
 * resource with a {@code list} verb; subresources are not stored objects and are left out. Each
 * resource is listed once, at its group's preferred version when the rule allows it (the API server
 * converts, and {@code matchPolicy: Equivalent} matches the object at any version). Bindings only
 * narrow a policy's match, so the policies' rules are the whole candidate set.
 */
public final class AuditedKinds {

  private AuditedKinds() {}

  public static List<AuditedKind> of(KubernetesClient client, List<ValidatingPolicy> policies) {
    List<MatchResources.ResourceRule> rules = new ArrayList<>();
    for (ValidatingPolicy policy : policies) {
      if (policy.matchConstraints() != null) {
        rules.addAll(policy.matchConstraints().resourceRules());
      }
    }
    Map<String, AuditedKind> kinds = new LinkedHashMap<>();
    for (Group group : groups(client)) {
      for (String version : group.versions()) {
        APIResourceList served = client.getApiResources(group.apiVersion(version));
        if (served == null) {
          continue;
        }
        for (APIResource r : served.getResources()) {
          if (r.getName().contains("/") || r.getVerbs() == null || !r.getVerbs().contains("list")) {
            continue;
          }
          String key = group.name() + "/" + r.getName();
          if (kinds.containsKey(key) || !matches(rules, group.name(), version, r.getName())) {
            continue;
          }
          kinds.put(
              key,
              new AuditedKind(
                  group.name(),
                  version,
                  r.getName(),
                  r.getKind(),
                  Boolean.TRUE.equals(r.getNamespaced())));
        }
      }
    }
    return List.copyOf(kinds.values());
  }

  static boolean matches(
      List<MatchResources.ResourceRule> rules, String group, String version, String resource) {
    for (MatchResources.ResourceRule rule : rules) {
      if (any(rule.apiGroups(), group)
          && any(rule.apiVersions(), version)
          && (rule.resources().contains("*")
              || rule.resources().contains("*/*")
              || rule.resources().contains(resource))) {
        return true;
      }
    }
    return false;
  }

  private static boolean any(List<String> allowed, String value) {
    return allowed.contains("*") || allowed.contains(value);
  }

  /** A served group with its versions, the preferred one first. */
  private record Group(String name, List<String> versions) {
    String apiVersion(String version) {
      return name.isEmpty() ? version : name + "/" + version;
    }
  }

  private static List<Group> groups(KubernetesClient client) {
    List<Group> groups = new ArrayList<>();
    groups.add(new Group("", List.of("v1")));
    for (APIGroup g : client.getApiGroups().getGroups()) {
      List<String> versions = new ArrayList<>();
      if (g.getPreferredVersion() != null) {
        versions.add(g.getPreferredVersion().getVersion());
      }
      for (GroupVersionForDiscovery v : g.getVersions()) {
        if (!versions.contains(v.getVersion())) {
          versions.add(v.getVersion());
        }
      }
      groups.add(new Group(g.getName(), versions));
    }
    return groups;
  }
}
