package dev.celador.conformance.vap;

import java.util.Map;

/**
 * The kinds the corpus submits, with their REST resource and scope: a fixed table instead of
 * discovery, so an unknown kind is a clear corpus error rather than a guessed URL.
 */
final class Kinds {

  /** One kind's REST coordinates. */
  record Kind(String apiVersion, String kind, String resource, boolean namespaced) {

    /** The collection URL path, e.g. {@code /apis/apps/v1/namespaces/ns/deployments}. */
    String collection(String namespace) {
      String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
      return namespaced
          ? prefix + "/namespaces/" + namespace + "/" + resource
          : prefix + "/" + resource;
    }
  }

  private static final Map<String, Kind> BY_KEY =
      Map.ofEntries(
          entry("v1", "ConfigMap", "configmaps", true),
          entry("v1", "Secret", "secrets", true),
          entry("v1", "Pod", "pods", true),
          entry("v1", "Service", "services", true),
          entry("v1", "ServiceAccount", "serviceaccounts", true),
          entry("v1", "Namespace", "namespaces", false),
          entry("apps/v1", "Deployment", "deployments", true),
          entry(
              "apiextensions.k8s.io/v1",
              "CustomResourceDefinition",
              "customresourcedefinitions",
              false),
          // The custom resource of map/crd.yaml's CustomResourceDefinition.
          entry("corpus.example.com/v1", "Gadget", "gadgets", true),
          entry("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
          entry("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
          entry("autoscaling/v1", "Scale", "scale", true),
          entry("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
          entry("rbac.authorization.k8s.io/v1", "Role", "roles", true),
          entry("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", false),
          entry("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
          entry(
              Manifests.API_VERSION,
              "ValidatingAdmissionPolicy",
              "validatingadmissionpolicies",
              false),
          entry(
              Manifests.API_VERSION,
              "ValidatingAdmissionPolicyBinding",
              "validatingadmissionpolicybindings",
              false),
          entry(
              Manifests.API_VERSION, "MutatingAdmissionPolicy", "mutatingadmissionpolicies", false),
          entry(
              Manifests.API_VERSION,
              "MutatingAdmissionPolicyBinding",
              "mutatingadmissionpolicybindings",
              false),
          entry(
              Manifests.API_VERSION,
              "ValidatingWebhookConfiguration",
              "validatingwebhookconfigurations",
              false));

  private Kinds() {}

  private static Map.Entry<String, Kind> entry(
      String apiVersion, String kind, String resource, boolean namespaced) {
    return Map.entry(apiVersion + " " + kind, new Kind(apiVersion, kind, resource, namespaced));
  }

  /** The kind of {@code object}, or an error naming {@code where}. */
  static Kind of(Map<String, Object> object, String where) {
    Kind kind = BY_KEY.get(object.get("apiVersion") + " " + object.get("kind"));
    if (kind == null) {
      throw new CorpusException(
          where
              + ": unsupported apiVersion/kind "
              + object.get("apiVersion")
              + " "
              + object.get("kind")
              + " (add it to Kinds)");
    }
    return kind;
  }
}
