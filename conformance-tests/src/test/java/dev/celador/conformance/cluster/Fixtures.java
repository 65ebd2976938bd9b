package dev.celador.conformance.cluster;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.yaml.snakeyaml.Yaml;

/**
 * Unique names, namespaces, objects from YAML, synthetic admission requests and waiting, for the
 * cluster ITs.
 */
public final class Fixtures {

  static final String GROUP = "celador.dev";
  static final String VERSION = "v1alpha1";

  private Fixtures() {}

  public static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new namespace {@code t-<random>} labelled {@code celador-test=<its name>}. */
  public static String namespace(KubernetesClient admin) {
    String name = "t-" + suffix();
    createNamespace(admin, name, Map.of("celador-test", name));
    return name;
  }

  public static void createNamespace(
      KubernetesClient admin, String name, Map<String, String> labels) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  /** ConfigMap {@code name} holding {@code key=value}. */
  public static ConfigMap configMap(String name, String key, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData(key, value)
        .build();
  }

  /** Sets label {@code key=value} on the existing namespace {@code name}. */
  public static void label(KubernetesClient admin, String name, String key, String value) {
    admin
        .namespaces()
        .withName(name)
        .edit(
            namespace -> {
              namespace.getMetadata().getLabels().put(key, value);
              return namespace;
            });
  }

  public static ResourceDefinitionContext celador(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  static final ResourceDefinitionContext VALIDATING_POLICY =
      celador("ValidatingPolicy", "validatingpolicies", false);
  static final ResourceDefinitionContext VALIDATING_POLICY_BINDING =
      celador("ValidatingPolicyBinding", "validatingpolicybindings", false);
  public static final ResourceDefinitionContext ACCESS_POLICY =
      celador("AccessPolicy", "accesspolicies", true);

  /** Creates or replaces the object {@code yaml} describes (server-side apply). */
  public static GenericKubernetesResource apply(
      KubernetesClient client, ResourceDefinitionContext type, String yaml) {
    Map<String, Object> map = new Yaml().load(yaml);
    GenericKubernetesResource object =
        client.getKubernetesSerialization().convertValue(map, GenericKubernetesResource.class);
    var resources = client.genericKubernetesResources(type);
    String namespace = object.getMetadata().getNamespace();
    var target = namespace == null ? resources : resources.inNamespace(namespace);
    return target.resource(object).forceConflicts().serverSideApply();
  }

  static void delete(KubernetesClient client, ResourceDefinitionContext type, String name) {
    client.genericKubernetesResources(type).withName(name).delete();
  }

  /** Deletes ValidatingPolicyBinding and ValidatingPolicy {@code name}, the binding first. */
  static void deletePolicyAndBinding(KubernetesClient client, String name) {
    delete(client, VALIDATING_POLICY_BINDING, name);
    delete(client, VALIDATING_POLICY, name);
  }

  /** Waits up to 30 s for {@code condition}; false if it never held. */
  public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  /** A CREATE of ConfigMap {@code cm} with {@code data} in {@code namespace} by {@code user}. */
  static AdmissionRequest configMapCreate(String namespace, Map<String, String> data, String user) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", Map.of("name", "cm", "namespace", namespace));
    object.put("data", data);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", UUID.randomUUID().toString());
    request.put("kind", Map.of("group", "", "version", "v1", "kind", "ConfigMap"));
    request.put("resource", Map.of("group", "", "version", "v1", "resource", "configmaps"));
    request.put("namespace", namespace);
    request.put("name", "cm");
    request.put("operation", "CREATE");
    request.put("userInfo", Map.of("username", user, "groups", java.util.List.of()));
    request.put("object", object);
    try {
      return AdmissionReviewMapper.read(
          Map.of(
              "apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request));
    } catch (BadReviewException e) {
      throw new IllegalStateException(e);
    }
  }
}
