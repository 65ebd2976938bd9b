package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.model.MatchResources;
import dev.celador.engine.internal.ssa.KubeSchemas;
import dev.celador.engine.internal.ssa.SchemaNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The kinds a mutating policy's {@code matchConstraints.resourceRules} can match, with their
 * schemas: built-in kinds of the pinned Kubernetes version (resource names by the API's plural
 * rule, as {@link ObjectRequests} makes them) and the custom resources of the
 * CustomResourceDefinitions loaded with the policies. Resources nothing defines, subresources and
 * {@code *} are listed as unchecked: a mutation of those cannot be type-checked offline.
 *
 * @param kinds the matched kinds, each with its schema
 * @param unchecked what the rules match that has no known schema, as written ({@code
 *     example.com/widgets}, {@code *})
 */
record MutationTargets(List<Target> kinds, List<String> unchecked) {

  /** One matched kind: {@code apps/v1 Deployment} and its schema. */
  record Target(String name, SchemaNode schema) {}

  static MutationTargets of(MatchResources constraints, KubeSchemas schemas) {
    List<Target> kinds = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> unchecked = new ArrayList<>();
    List<MatchResources.ResourceRule> rules =
        constraints == null ? List.of() : constraints.resourceRules();
    for (MatchResources.ResourceRule rule : rules) {
      for (String resource : rule.resources()) {
        if (resource.equals("*") || resource.contains("/")) {
          unchecked.add(resource);
          continue;
        }
        boolean found = false;
        for (String gvk : schemas.kinds()) {
          String[] parts = gvk.split("/", 3);
          String plural =
              schemas.customResource(gvk).orElseGet(() -> ObjectRequests.plural(parts[2]));
          if (!plural.equals(resource)
              || parts[2].endsWith("List")
              || !matches(rule.apiGroups(), parts[0])
              || !matches(rule.apiVersions(), parts[1])) {
            continue;
          }
          found = true;
          if (seen.add(gvk)) {
            String name = (parts[0].isEmpty() ? "" : parts[0] + "/") + parts[1] + " " + parts[2];
            kinds.add(
                new Target(name, schemas.forKind(parts[0], parts[1], parts[2]).orElseThrow()));
          }
        }
        if (!found) {
          String groups = String.join(",", rule.apiGroups());
          unchecked.add(groups.isEmpty() ? resource : groups + "/" + resource);
        }
      }
    }
    return new MutationTargets(kinds, unchecked);
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.contains("*") || allowed.contains(value);
  }
}
