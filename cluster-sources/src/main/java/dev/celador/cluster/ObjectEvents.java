package dev.celador.cluster;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Kubernetes Event on a custom resource (core/v1, what {@code kubectl describe} and
 * {@code kubectl events} show): a Warning when Celador refuses it, a Normal one when it is accepted
 * again. Cluster-scoped objects get theirs in namespace {@code default}, as kubectl looks there.
 */
final class ObjectEvents {

  static final String COMPONENT = "celador";
  private static final Logger LOG = LoggerFactory.getLogger(ObjectEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicBoolean warned = new AtomicBoolean();

  ObjectEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void record(
      String apiVersion,
      String kind,
      GenericKubernetesResource object,
      boolean refused,
      String message) {
    var metadata = object.getMetadata();
    String namespace = metadata.getNamespace() == null ? "default" : metadata.getNamespace();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(metadata.getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(apiVersion)
                    .withKind(kind)
                    .withName(metadata.getName())
                    .withNamespace(metadata.getNamespace())
                    .withUid(metadata.getUid())
                    .withResourceVersion(metadata.getResourceVersion())
                    .build())
            .withType(refused ? "Warning" : "Normal")
            .withReason(refused ? ObjectStatus.INVALID : ObjectStatus.ACCEPTED)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      if (warned.compareAndSet(false, true)) {
        LOG.warn(
            "cannot record an Event for {} {} (HTTP {}): may Celador create events? {}",
            kind,
            metadata.getName(),
            e.getCode(),
            e.getMessage());
      }
    }
  }
}
