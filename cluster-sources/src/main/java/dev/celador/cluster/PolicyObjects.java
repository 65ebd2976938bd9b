package dev.celador.cluster;

import dev.celador.engine.api.SourceFile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy objects the informers hold at one moment, read once so that the load and the status
 * written afterwards judge the same version of each object.
 *
 * @param byKind the objects as fabric8 resources, for {@link ObjectStatus}
 * @param objects the same objects as JSON-like maps, for the loader and early checks
 */
record PolicyObjects(
    Map<ResourceDefinitionContext, List<GenericKubernetesResource>> byKind,
    List<Map<String, Object>> objects) {

  static PolicyObjects of(List<WatchedKind> kinds) {
    Map<ResourceDefinitionContext, List<GenericKubernetesResource>> byKind = new LinkedHashMap<>();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (WatchedKind kind : kinds) {
      List<GenericKubernetesResource> resources = kind.resources();
      byKind.computeIfAbsent(kind.type(), t -> new ArrayList<>()).addAll(resources);
      resources.forEach(r -> objects.add(kind.asMap(r)));
    }
    return new PolicyObjects(byKind, objects);
  }

  /** Each object as a policy document, in source-name order (so equal sets compare equal). */
  List<SourceFile> documents() {
    return objects.stream()
        .map(CustomResourceYaml::toSource)
        .sorted(Comparator.comparing(SourceFile::name))
        .toList();
  }
}
