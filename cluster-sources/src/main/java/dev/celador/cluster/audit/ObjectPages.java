package dev.celador.cluster.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists every object of one kind a page at a time ({@code limit} and {@code continue}), handing
 * each object on as a JSON-like map before the next page is fetched: a kind of any size costs the
 * memory of one page. A continue token that expired mid-list (410 Gone) fails the list, so no
 * object is judged twice or silently missed.
 */
public final class ObjectPages {

  /** kube-apiserver's and kubectl's usual chunk size. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  private ObjectPages() {}

  /** Every object of {@code kind} in every namespace, with apiVersion and kind set. */
  @SuppressWarnings("unchecked")
  public static long forEach(
      KubernetesClient client, AuditedKind kind, int pageSize, Consumer<Map<String, Object>> each) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        op = client.genericKubernetesResources(kind.context());
    long count = 0;
    String next = null;
    do {
      ListOptions options =
          new ListOptionsBuilder().withLimit((long) pageSize).withContinue(next).build();
      GenericKubernetesResourceList page =
          kind.namespaced() ? op.inAnyNamespace().list(options) : op.list(options);
      for (GenericKubernetesResource item : page.getItems()) {
        Map<String, Object> object =
            new LinkedHashMap<>(client.getKubernetesSerialization().convertValue(item, Map.class));
        // List items of built-in kinds come without them; requests are built from both.
        object.put("apiVersion", kind.apiVersion());
        object.put("kind", kind.kind());
        each.accept(object);
        count++;
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return count;
  }
}
