package dev.celador.conformance.vap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the admissionregistration.k8s.io/v1 objects the corpus declares by spec only. */
final class Manifests {

  static final String API_VERSION = "admissionregistration.k8s.io/v1";

  private Manifests() {}

  /**
   * A ValidatingAdmissionPolicy; without matchConstraints it matches ConfigMaps on CREATE, UPDATE
   * and DELETE, the corpus's usual subject.
   */
  static Map<String, Object> policy(String name, Map<String, Object> spec) {
    if (spec.get("matchConstraints") == null) {
      spec.put("matchConstraints", configMapRules(List.of("CREATE", "UPDATE", "DELETE")));
    }
    return object("ValidatingAdmissionPolicy", name, spec);
  }

  static Map<String, Object> configMapRules(List<String> operations) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(""));
    rule.put("apiVersions", List.of("v1"));
    rule.put("operations", operations);
    rule.put("resources", List.of("configmaps"));
    Map<String, Object> match = new LinkedHashMap<>();
    match.put("resourceRules", List.of(rule));
    return match;
  }

  static Map<String, Object> binding(String name, Map<String, Object> spec) {
    return object("ValidatingAdmissionPolicyBinding", name, spec);
  }

  static Map<String, Object> object(String kind, String name, Map<String, Object> spec) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", API_VERSION);
    o.put("kind", kind);
    o.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    o.put("spec", spec);
    return o;
  }
}
