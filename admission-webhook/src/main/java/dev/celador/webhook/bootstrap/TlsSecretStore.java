package dev.celador.webhook.bootstrap;

import dev.celador.webhook.bootstrap.Pem.BadPem;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS Secret, read and written with optimistic concurrency: a create fails if another replica
 * created it first, an update carries the resourceVersion it was planned from and fails if anyone
 * wrote since. A failed write changes nothing; the caller reads the winner's state and plans again.
 */
final class TlsSecretStore {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** What is stored: the Secret (null if absent), its state if it reads, else why not. */
  record Stored(Secret secret, Optional<TlsState> state, String problem) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  TlsSecretStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** Whether Celador created {@code secret} (so an unreadable one may be replaced). */
  static boolean isCeladors(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null && "celador".equals(labels.get(MANAGED_BY));
  }

  String describe() {
    return "Secret " + namespace + "/" + name;
  }

  Stored read() {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return new Stored(null, Optional.empty(), describe() + " does not exist");
    }
    try {
      return new Stored(
          secret,
          Optional.of(
              TlsSecretFormat.decode(
                  text(secret.getData()), secret.getMetadata().getAnnotations())),
          null);
    } catch (BadPem e) {
      return new Stored(secret, Optional.empty(), describe() + ": " + e.getMessage());
    }
  }

  /**
   * Writes {@code state} over what {@code basis} read. False when another writer got there first
   * (the Secret was created or changed since {@code basis} was read).
   */
  boolean write(TlsState state, Stored basis) {
    TlsSecretFormat.Encoded encoded = TlsSecretFormat.encode(state);
    try {
      if (basis.secret() == null) {
        client.secrets().inNamespace(namespace).resource(newSecret(encoded)).create();
      } else {
        Secret next = updated(basis.secret(), encoded);
        client
            .secrets()
            .inNamespace(namespace)
            .resource(next)
            .lockResourceVersion(basis.secret().getMetadata().getResourceVersion())
            .update();
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private Secret newSecret(TlsSecretFormat.Encoded encoded) {
    return new SecretBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(Map.of(MANAGED_BY, "celador"))
                .withAnnotations(encoded.annotations())
                .build())
        .withType(TlsSecretFormat.TYPE)
        .withData(base64(encoded.data()))
        .build();
  }

  /** Keeps labels and foreign annotations; replaces the data and Celador's annotations. */
  private static Secret updated(Secret current, TlsSecretFormat.Encoded encoded) {
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, String> old = current.getMetadata().getAnnotations();
    if (old != null) {
      annotations.putAll(old);
    }
    List.of(TlsSecretFormat.NEXT_CA_TRUSTED_AT, TlsSecretFormat.PREVIOUS_CA_UNTIL)
        .forEach(annotations::remove);
    annotations.putAll(encoded.annotations());
    return new SecretBuilder(current)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withData(base64(encoded.data()))
        .withStringData(null)
        .build();
  }

  private static Map<String, String> base64(Map<String, String> text) {
    Map<String, String> out = new LinkedHashMap<>();
    text.forEach(
        (k, v) ->
            out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
    return out;
  }

  private static Map<String, String> text(Map<String, String> data) throws BadPem {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      for (Map.Entry<String, String> e : data.entrySet()) {
        try {
          out.put(
              e.getKey(),
              new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException bad) {
          throw new BadPem(e.getKey() + " is not base64");
        }
      }
    }
    return out;
  }
}
