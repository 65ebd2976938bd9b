package dev.celador.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fabric8 SharedInformer over every object of one kind, in every namespace, read generically: the
 * objects stay JSON-like maps, whatever the kind. Any add, update or delete calls {@code onChange};
 * the informer lists again and resumes by itself after errors.
 */
final class WatchedKind implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatchedKind.class);

  private final KubernetesClient client;
  private final ResourceDefinitionContext type;
  private final String apiVersion;
  private final String kind;
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  private WatchedKind(
      KubernetesClient client,
      ResourceDefinitionContext type,
      String apiVersion,
      String kind,
      SharedIndexInformer<GenericKubernetesResource> informer,
      Runnable onChange) {
    this.client = client;
    this.type = type;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.informer = informer;
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource object) {
            onChange.run();
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            onChange.run();
          }

          @Override
          public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
            onChange.run();
          }
        });
    informer.exceptionHandler(
        (started, error) -> {
          LOG.warn("watching {} {} failed, retrying: {}", apiVersion, kind, error.toString());
          return true;
        });
    informer.start();
  }

  /** Watches a kind whose plural and scope are known, such as Celador's own. */
  static WatchedKind of(
      KubernetesClient client, ResourceDefinitionContext type, Runnable onChange) {
    var informer = client.genericKubernetesResources(type).inAnyNamespace().runnableInformer(0);
    return new WatchedKind(client, type, apiVersion(type), type.getKind(), informer, onChange);
  }

  /** Watches a namespaced kind in one namespace only (least privilege: a Role suffices). */
  static WatchedKind inNamespace(
      KubernetesClient client,
      ResourceDefinitionContext type,
      String namespace,
      Runnable onChange) {
    var informer =
        client.genericKubernetesResources(type).inNamespace(namespace).runnableInformer(0);
    return new WatchedKind(client, type, apiVersion(type), type.getKind(), informer, onChange);
  }

  private static String apiVersion(ResourceDefinitionContext type) {
    return type.getGroup() == null || type.getGroup().isEmpty()
        ? type.getVersion()
        : type.getGroup() + "/" + type.getVersion();
  }

  /**
   * Watches any kind the API server serves, found through discovery (a policy's paramKind).
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the server does not serve it
   */
  static WatchedKind discovered(
      KubernetesClient client, String apiVersion, String kind, Runnable onChange) {
    var informer =
        client.genericKubernetesResources(apiVersion, kind).inAnyNamespace().runnableInformer(0);
    return new WatchedKind(client, null, apiVersion, kind, informer, onChange);
  }

  /** Whether the first full list has arrived. */
  boolean synced() {
    return informer.hasSynced();
  }

  /** Every object now known, as maps, with apiVersion and kind always set. */
  List<Map<String, Object>> objects() {
    return resources().stream().map(this::asMap).toList();
  }

  /** Every object now known, as the informer holds it. */
  List<GenericKubernetesResource> resources() {
    return List.copyOf(informer.getStore().list());
  }

  /** {@code resource} of this kind as a map, with apiVersion and kind always set. */
  @SuppressWarnings("unchecked")
  Map<String, Object> asMap(GenericKubernetesResource resource) {
    Map<String, Object> object =
        new LinkedHashMap<>(client.getKubernetesSerialization().convertValue(resource, Map.class));
    // List items may come without them; params are matched on both.
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    return object;
  }

  /** The kind watched; null for a kind found through discovery. */
  ResourceDefinitionContext type() {
    return type;
  }

  @Override
  public void close() {
    informer.stop();
  }
}
