package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code namespaceObject} variable: the request's Namespace trimmed to the fields
 * kube-apiserver exposes (no managedFields or ownerReferences); null for cluster-scoped requests
 * and for Namespace objects themselves.
 */
final class NamespaceObjects {

  private static final List<String> METADATA =
      List.of(
          "name",
          "generateName",
          "namespace",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "finalizers");

  private NamespaceObjects() {}

  static Object forRequest(AdmissionRequest request, AdmissionContext context) {
    if (request.namespace().isEmpty() || ResourceMatcher.isNamespaceObject(request)) {
      return null;
    }
    Map<String, Object> namespace = context.namespaces().get(request.namespace());
    if (namespace == null) {
      return null;
    }
    Map<String, Object> trimmed = new LinkedHashMap<>();
    Map<String, Object> metadata = ObjectMaps.map(namespace.get("metadata"));
    Map<String, Object> meta = new LinkedHashMap<>();
    for (String field : METADATA) {
      if (metadata.containsKey(field)) {
        meta.put(field, metadata.get(field));
      }
    }
    trimmed.put("metadata", meta);
    if (namespace.containsKey("spec")) {
      trimmed.put("spec", namespace.get("spec"));
    }
    if (namespace.containsKey("status")) {
      trimmed.put("status", namespace.get("status"));
    }
    return NamespaceTypes.value(trimmed);
  }
}
