package dev.celador.conformance.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What Celador told the author of a custom resource: its Ready condition and its Events. */
public final class ObjectFeedback {

  private ObjectFeedback() {}

  /** The object's Ready condition, if it has one yet. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> ready(
      KubernetesClient admin, ResourceDefinitionContext type, String namespace, String name) {
    var resources = admin.genericKubernetesResources(type);
    GenericKubernetesResource object =
        (namespace == null ? resources : resources.inNamespace(namespace)).withName(name).get();
    if (object == null
        || !(object.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream()
        .filter(c -> c instanceof Map<?, ?> m && "Ready".equals(m.get("type")))
        .<Map<String, Object>>map(c -> (Map<String, Object>) c)
        .findFirst();
  }

  /** Whether the Ready condition has {@code status} for the object's current generation. */
  public static boolean readyIs(
      KubernetesClient admin,
      ResourceDefinitionContext type,
      String namespace,
      String name,
      String status) {
    var resources = admin.genericKubernetesResources(type);
    GenericKubernetesResource object =
        (namespace == null ? resources : resources.inNamespace(namespace)).withName(name).get();
    return ready(admin, type, namespace, name)
        .filter(c -> status.equals(c.get("status")))
        .filter(
            c ->
                c.get("observedGeneration") instanceof Number n
                    && n.longValue() == object.getMetadata().getGeneration())
        .isPresent();
  }

  /** The Events recorded about object {@code name} in {@code namespace} with {@code reason}. */
  public static List<Event> events(
      KubernetesClient admin, String namespace, String name, String reason) {
    return admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
