package dev.celador.webhook.bootstrap;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Keeps {@code caBundle} of every webhook in one ValidatingWebhookConfiguration equal to the trust
 * bundle. Writes only on a difference, guarded by the resourceVersion it read, so it never undoes a
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

  CaBundlePatcher(KubernetesClient client, String configurationName) {
    this.client = client;
    this.configurationName = configurationName;
  }

  String describe() {
    return "ValidatingWebhookConfiguration " + configurationName;
  }

  Outcome ensure(String bundlePem) {
    String wanted =
        Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.US_ASCII));
    for (int attempt = 1; ; attempt++) {
      var resource =
          client
              .admissionRegistration()
              .v1()
              .validatingWebhookConfigurations()
              .withName(configurationName);
      ValidatingWebhookConfiguration current = resource.get();
      if (current == null) {
        return Outcome.NOT_FOUND;
      }
      boolean changed = false;
      List<ValidatingWebhook> webhooks =
          current.getWebhooks() == null ? List.of() : current.getWebhooks();
      for (ValidatingWebhook webhook : webhooks) {
        if (webhook.getClientConfig() == null) {
          webhook.setClientConfig(new WebhookClientConfig());
        }
        if (!wanted.equals(webhook.getClientConfig().getCaBundle())) {
          webhook.getClientConfig().setCaBundle(wanted);
          changed = true;
        }
      }
      if (!changed) {
        return Outcome.UNCHANGED;
      }
      try {
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .resource(current)
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
}
