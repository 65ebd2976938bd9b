package dev.celador.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Objects shaped as the API server returns them, with server-set metadata and status. */
final class ClusterObjects {

  private ClusterObjects() {}

  /** {@code yaml} (a policy document) plus what the API server adds to a stored object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asStored(String yaml) {
    Map<String, Object> object = new LinkedHashMap<>(new Yaml().<Map<String, Object>>load(yaml));
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) object.get("metadata"));
    metadata.put("uid", "0f5e7d2c-1111-2222-3333-444455556666");
    metadata.put("resourceVersion", "4711");
    metadata.put("generation", 3);
    metadata.put("creationTimestamp", "2026-11-27T10:00:00Z");
    metadata.put(
        "annotations",
        Map.of("kubectl.kubernetes.io/last-applied-configuration", "{\"huge\": \"json\"}"));
    metadata.put("managedFields", List.of(Map.of("manager", "kubectl", "operation", "Apply")));
    object.put("metadata", metadata);
    object.put("status", Map.of());
    return object;
  }

  /** An AccessPolicy in namespace shop with one rule, {@code when}. */
  static String accessPolicy(String name, String action, String when) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: %s, namespace: shop}
        spec:
          action: %s
          rules: [{name: only, when: '%s'}]
        """
        .formatted(name, action, when);
  }

  static String policy(String name, String expression) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: ValidatingPolicy
        metadata:
          name: %s
        spec:
          matchConstraints:
            resourceRules:
              - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
          validations:
            - expression: %s
              message: denied by %s
        """
        .formatted(name, expression, name);
  }

  static String binding(String name, String policyName) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: ValidatingPolicyBinding
        metadata:
          name: %s
        spec:
          policyName: %s
          validationActions: [Deny]
        """
        .formatted(name, policyName);
  }
}
