package dev.celador.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each custom resource's author what Celador made of it: a {@code Ready} condition in its
 * status (written through the status subresource) and, when that changes, a Kubernetes Event.
 *
 * <p>Several replicas judge the same objects the same way, so writes are idempotent and rare: the
 * condition depends only on the object (never on what one replica remembers), it is written only
 * when it differs from what the object already carries, and the write is conditional on the
 * object's resourceVersion, so of two replicas racing only one succeeds, and only that one records
 * the Event. A write that fails is logged and retried at the next change; it never stops a load.
 * Writes run on their own thread, the latest snapshot replacing any not yet written, so a slow API
 * server delays the reports, never the next policy load.
 */
final class ObjectStatus implements AutoCloseable {

  static final String TYPE = "Ready";
  static final String ACCEPTED = "Accepted";
  static final String INVALID = "Invalid";
  private static final int MAX_MESSAGE = 4000;
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStatus.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final ObjectEvents events;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Pending> pending = new AtomicReference<>();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "celador-status");
            thread.setDaemon(true);
            return thread;
          });

  /** The objects of one load, by kind, and what the load made of them. */
  private record Pending(
      Map<ResourceDefinitionContext, List<GenericKubernetesResource>> objects, Verdicts verdicts) {}

  ObjectStatus(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.events = new ObjectEvents(client, clock);
  }

  /**
   * Brings every object's Ready condition up to {@code verdicts}, soon, on the writer thread; a
   * later call before it started replaces this one.
   */
  void syncLater(
      Map<ResourceDefinitionContext, List<GenericKubernetesResource>> objects, Verdicts verdicts) {
    if (pending.getAndSet(new Pending(Map.copyOf(objects), verdicts)) == null) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException closed) {
        pending.set(null);
      }
    }
  }

  private void drain() {
    Pending next = pending.getAndSet(null);
    if (next != null) {
      next.objects().forEach((type, objects) -> sync(type, objects, next.verdicts()));
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }

  /** The condition an object judged by {@code verdicts} should carry; null if it was not judged. */
  static Map<String, Object> condition(String sourceName, long generation, Verdicts verdicts) {
    String status;
    String reason;
    String message;
    if (verdicts.refused().containsKey(sourceName)) {
      status = "False";
      reason = INVALID;
      message = truncate(String.join("\n", verdicts.refused().get(sourceName)));
    } else if (verdicts.loaded().contains(sourceName)) {
      status = "True";
      reason = ACCEPTED;
      message = "compiled and in force";
    } else {
      return null;
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", TYPE);
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("message", message);
    condition.put("observedGeneration", generation);
    return condition;
  }

  /** Brings the Ready condition of every object of {@code type} up to {@code verdicts}. */
  void sync(
      ResourceDefinitionContext type, List<GenericKubernetesResource> objects, Verdicts verdicts) {
    String apiVersion = type.getGroup() + "/" + type.getVersion();
    for (GenericKubernetesResource object : objects) {
      var metadata = object.getMetadata();
      String name =
          CustomResourceYaml.sourceName(
              apiVersion, type.getKind(), metadata.getNamespace(), metadata.getName());
      long generation = metadata.getGeneration() == null ? 0 : metadata.getGeneration();
      Map<String, Object> wanted = condition(name, generation, verdicts);
      Map<String, Object> current = currentCondition(object);
      if (wanted == null || sameJudgement(wanted, current)) {
        continue;
      }
      boolean transition = current == null || !wanted.get("status").equals(current.get("status"));
      wanted.put(
          "lastTransitionTime",
          transition || current.get("lastTransitionTime") == null
              ? clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()
              : current.get("lastTransitionTime"));
      if (write(type, object, wanted, name)) {
        boolean refused = "False".equals(wanted.get("status"));
        if (refused || (transition && current != null)) {
          events.record(
              apiVersion, type.getKind(), object, refused, (String) wanted.get("message"));
        }
      }
    }
  }

  private boolean write(
      ResourceDefinitionContext type,
      GenericKubernetesResource object,
      Map<String, Object> condition,
      String name) {
    GenericKubernetesResource copy = client.getKubernetesSerialization().clone(object);
    Map<String, Object> status = new LinkedHashMap<>();
    List<Object> conditions = new ArrayList<>();
    conditions.add(condition);
    for (Object other : conditionsOf(object)) {
      if (!(other instanceof Map<?, ?> m) || !TYPE.equals(m.get("type"))) {
        conditions.add(other);
      }
    }
    status.put("conditions", conditions);
    copy.setAdditionalProperty("status", status);
    var resources = client.genericKubernetesResources(type);
    String namespace = object.getMetadata().getNamespace();
    try {
      // updateStatus sends the resourceVersion: a replica that raced us and won makes this a 409.
      (namespace == null ? resources : resources.inNamespace(namespace))
          .resource(copy)
          .updateStatus();
      warned.remove(type.getPlural());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.debug("status of {} changed meanwhile; judged again at its next event", name);
      } else if (warned.add(type.getPlural())) {
        LOG.warn(
            "cannot write the status of {} (HTTP {}): does the CRD declare the status subresource,"
                + " and may Celador update {}/status? {}",
            name,
            e.getCode(),
            type.getPlural(),
            e.getMessage());
      }
      return false;
    }
  }

  /** Same status, reason, message and generation: writing would change nothing that matters. */
  private static boolean sameJudgement(Map<String, Object> wanted, Map<String, Object> current) {
    if (current == null) {
      return false;
    }
    for (String key : List.of("status", "reason", "message")) {
      if (!Objects.equals(wanted.get(key), current.get(key))) {
        return false;
      }
    }
    return current.get("observedGeneration") instanceof Number n
        && n.longValue() == (Long) wanted.get("observedGeneration");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> currentCondition(GenericKubernetesResource object) {
    for (Object condition : conditionsOf(object)) {
      if (condition instanceof Map<?, ?> m && TYPE.equals(m.get("type"))) {
        return (Map<String, Object>) m;
      }
    }
    return null;
  }

  private static List<?> conditionsOf(GenericKubernetesResource object) {
    return object.getAdditionalProperties().get("status") instanceof Map<?, ?> status
            && status.get("conditions") instanceof List<?> conditions
        ? conditions
        : List.of();
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
