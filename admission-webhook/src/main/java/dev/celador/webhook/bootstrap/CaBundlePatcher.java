package dev.celador.webhook.bootstrap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Keeps {@code caBundle} of every webhook in one ValidatingWebhookConfiguration, and in the
 * MutatingWebhookConfiguration of {@code /mutate} when one is named, equal to the trust bundle.
 * Writes only on a difference, guarded by the resourceVersion it read, so it never undoes a
 * concurrent edit of other fields.
 */
final class CaBundlePatcher {

  /** What a call found or did. */
  enum Outcome {
    UNCHANGED,
    PATCHED,
    NOT_FOUND
  }

  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String configurationName;
  private final String mutatingName;

  CaBundlePatcher(KubernetesClient client, String configurationName) {
    this(client, configurationName, "");
  }

  /**
   * @param mutatingName the MutatingWebhookConfiguration to keep as well, "" for none (the RBAC
   *     Celador runs with grants it only when the chart registers one)
   */
  CaBundlePatcher(KubernetesClient client, String configurationName, String mutatingName) {
    this.client = client;
    this.configurationName = configurationName;
    this.mutatingName = mutatingName;
  }

  String describe() {
    return "ValidatingWebhookConfiguration "
        + configurationName
        + (mutatingName.isEmpty() ? "" : " and MutatingWebhookConfiguration " + mutatingName);
  }

  /**
   * The validating configuration's outcome, or PATCHED when only the mutating one changed; a
   * missing mutating configuration is NOT_FOUND as well, so that the round is retried.
   */
  Outcome ensure(String bundlePem) {
    String wanted =
        Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.US_ASCII));
    Outcome validating =
        ensure(
            client.admissionRegistration().v1().validatingWebhookConfigurations(),
            configurationName,
            c ->
                clientConfigs(
                    c.getWebhooks(),
                    ValidatingWebhook::getClientConfig,
                    ValidatingWebhook::setClientConfig),
            wanted);
    if (mutatingName.isEmpty() || validating == Outcome.NOT_FOUND) {
      return validating;
    }
    Outcome mutating =
        ensure(
            client.admissionRegistration().v1().mutatingWebhookConfigurations(),
            mutatingName,
            c ->
                clientConfigs(
                    c.getWebhooks(),
                    MutatingWebhook::getClientConfig,
                    MutatingWebhook::setClientConfig),
            wanted);
    return mutating == Outcome.UNCHANGED ? validating : mutating;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> Outcome ensure(
      NonNamespaceOperation<T, L, Resource<T>> kind,
      String name,
      Function<T, List<WebhookClientConfig>> clientConfigs,
      String wanted) {
    for (int attempt = 1; ; attempt++) {
      T current = kind.withName(name).get();
      if (current == null) {
        return Outcome.NOT_FOUND;
      }
      boolean changed = false;
      for (WebhookClientConfig config : clientConfigs.apply(current)) {
        if (!wanted.equals(config.getCaBundle())) {
          config.setCaBundle(wanted);
          changed = true;
        }
      }
      if (!changed) {
        return Outcome.UNCHANGED;
      }
      try {
        kind.resource(current)
            .lockResourceVersion(current.getMetadata().getResourceVersion())
            .update();
        return Outcome.PATCHED;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Each webhook's clientConfig, created when absent, so that setting caBundle sticks. */
  private static <W> List<WebhookClientConfig> clientConfigs(
      List<W> webhooks,
      Function<W, WebhookClientConfig> get,
      BiConsumer<W, WebhookClientConfig> set) {
    if (webhooks == null) {
      return List.of();
    }
    return webhooks.stream()
        .map(
            w -> {
              if (get.apply(w) == null) {
                set.accept(w, new WebhookClientConfig());
              }
              return get.apply(w);
            })
        .toList();
  }
}
