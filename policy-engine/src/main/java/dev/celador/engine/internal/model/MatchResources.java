package dev.celador.engine.internal.model;

import java.util.List;

/** {@code matchConstraints} of a policy or {@code matchResources} of a binding. */
public record MatchResources(
    LabelSelector namespaceSelector,
    LabelSelector objectSelector,
    List<ResourceRule> resourceRules,
    List<ResourceRule> excludeResourceRules,
    String matchPolicy) {

  public MatchResources {
    resourceRules = List.copyOf(resourceRules);
    excludeResourceRules = List.copyOf(excludeResourceRules);
  }

  /** One {@code NamedRuleWithOperations}; {@code scope} defaults to {@code *}. */
  public record ResourceRule(
      List<String> apiGroups,
      List<String> apiVersions,
      List<String> resources,
      List<String> operations,
      String scope,
      List<String> resourceNames) {

    public ResourceRule {
      apiGroups = List.copyOf(apiGroups);
      apiVersions = List.copyOf(apiVersions);
      resources = List.copyOf(resources);
      operations = List.copyOf(operations);
      resourceNames = List.copyOf(resourceNames);
    }
  }
}
