package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The admission request kube-apiserver would send for a plain object (a manifest, or an object
 * listed from a cluster): kind from its apiVersion and kind, resource from the kind's plural, name
 * and namespace from its metadata (a namespaced object without one gets the default namespace, set
 * in the object too, as the API server does from the request path), the given user, dryRun false,
 * no subresource. Discovery is not available offline, so plurals follow the API's regular English
 * rule and cluster scope comes from the list of built-in cluster-scoped kinds below.
 */
public final class ObjectRequests {

  /** Built-in kinds that live outside namespaces, by group and kind. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "/ComponentStatus",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "admissionregistration.k8s.io/MutatingAdmissionPolicy",
          "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
          "apiextensions.k8s.io/CustomResourceDefinition",
          "apiregistration.k8s.io/APIService",
          "certificates.k8s.io/CertificateSigningRequest",
          "certificates.k8s.io/ClusterTrustBundle",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
          "networking.k8s.io/IngressClass",
          "networking.k8s.io/IPAddress",
          "networking.k8s.io/ServiceCIDR",
          "node.k8s.io/RuntimeClass",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "scheduling.k8s.io/PriorityClass",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "storage.k8s.io/StorageClass",
          "storage.k8s.io/VolumeAttachment",
          "storage.k8s.io/VolumeAttributesClass",
          "resource.k8s.io/DeviceClass",
          "resource.k8s.io/ResourceSlice",
          "celador.dev/ValidatingPolicy",
          "celador.dev/ValidatingPolicyBinding");

  private ObjectRequests() {}

  /** A CREATE of {@code object}. */
  public static AdmissionRequest create(
      Map<String, Object> object, String defaultNamespace, AdmissionRequest.UserInfo user) {
    return request("CREATE", object, null, null, defaultNamespace, user);
  }

  /**
   * A CREATE of a stored {@code object} (listed from a cluster) of {@code resource}, as discovery
   * names it: an audit judges what exists as the request that would create it today.
   */
  public static AdmissionRequest create(
      Map<String, Object> object, AdmissionRequest.Gvr resource, AdmissionRequest.UserInfo user) {
    return request("CREATE", object, null, resource, "", user);
  }

  /** An UPDATE of {@code oldObject} to {@code object}. */
  public static AdmissionRequest update(
      Map<String, Object> object,
      Map<String, Object> oldObject,
      String defaultNamespace,
      AdmissionRequest.UserInfo user) {
    return request("UPDATE", object, oldObject, null, defaultNamespace, user);
  }

  private static AdmissionRequest request(
      String operation,
      Map<String, Object> object,
      Map<String, Object> oldObject,
      AdmissionRequest.Gvr knownResource,
      String defaultNamespace,
      AdmissionRequest.UserInfo user) {
    AdmissionRequest.Gvk kind = kind(object);
    AdmissionRequest.Gvr resource =
        knownResource != null
            ? knownResource
            : new AdmissionRequest.Gvr(kind.group(), kind.version(), plural(kind.kind()));
    String namespace = namespace(object, defaultNamespace);
    return new AdmissionRequest(
        "",
        kind,
        resource,
        "",
        kind,
        resource,
        "",
        string(metadata(object).get("name")),
        namespace,
        operation,
        user,
        withNamespace(object, namespace),
        oldObject == null ? null : withNamespace(oldObject, namespace),
        false,
        null);
  }

  /** The group, version and kind of {@code object}'s apiVersion and kind. */
  public static AdmissionRequest.Gvk kind(Map<String, Object> object) {
    String apiVersion = string(object.get("apiVersion"));
    int slash = apiVersion.indexOf('/');
    return new AdmissionRequest.Gvk(
        slash < 0 ? "" : apiVersion.substring(0, slash),
        apiVersion.substring(slash + 1),
        string(object.get("kind")));
  }

  /** Whether {@code kind} is one of the built-in kinds that are not namespaced. */
  public static boolean clusterScoped(AdmissionRequest.Gvk kind) {
    return CLUSTER_SCOPED.contains(kind.group() + "/" + kind.kind());
  }

  /**
   * {@code Pod} to {@code pods}, {@code Ingress} to {@code ingresses}, {@code NetworkPolicy} to
   * {@code networkpolicies}, {@code Endpoints} unchanged: the regular English plurals the
   * Kubernetes API uses.
   */
  public static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("endpoints")) {
      return lower;
    }
    if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch")) {
      return lower + "es";
    }
    if (lower.endsWith("y")
        && lower.length() > 1
        && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }

  /**
   * The namespace of {@code object} as the API server would store it: none for a cluster-scoped
   * kind, else its own or {@code defaultNamespace}.
   */
  public static String namespace(Map<String, Object> object, String defaultNamespace) {
    String own = string(metadata(object).get("namespace"));
    if (clusterScoped(kind(object))) {
      return "";
    }
    return own.isEmpty() ? defaultNamespace : own;
  }

  /**
   * {@code object} with {@code metadata.namespace} set, as the API server sets it from the request
   * path before admission runs; unchanged when {@code namespace} is "", {@code object} is not an
   * object, or it names a namespace already.
   */
  public static Object withNamespace(Object object, String namespace) {
    Map<String, Object> fields = ObjectMaps.map(object);
    Map<String, Object> metadata = ObjectMaps.map(fields.get("metadata"));
    if (namespace.isEmpty() || fields.isEmpty() || !string(metadata.get("namespace")).isEmpty()) {
      return object;
    }
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    Map<String, Object> meta = new LinkedHashMap<>(metadata);
    meta.put("namespace", namespace);
    copy.put("metadata", meta);
    return copy;
  }

  private static Map<String, Object> metadata(Map<String, Object> object) {
    return ObjectMaps.map(object.get("metadata"));
  }

  private static String string(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
