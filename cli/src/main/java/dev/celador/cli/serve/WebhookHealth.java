package dev.celador.cli.serve;

import dev.celador.webhook.WebhookStatus;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admission webhook's part of serve's {@code /healthz} and {@code /readyz} ({@code
 * --admission}), in the words the standalone webhook uses ({@link WebhookStatus}): "starting" (not
 * ready) until it listens, then ready until it stops. Should its Spring context end while serve
 * runs, {@code /healthz} fails, so Kubernetes restarts the pod instead of leaving it up without its
 * webhook.
 */
final class WebhookHealth {

  private final String tlsMode;
  private volatile ConfigurableApplicationContext context;

  WebhookHealth(String tlsMode) {
    this.tlsMode = tlsMode;
  }

  void started(AdmissionWebhookRunner.Running webhook) {
    context = webhook.context();
  }

  boolean ready() {
    return WebhookStatus.ready(context);
  }

  /** False only once a started webhook has stopped. */
  boolean live() {
    ConfigurableApplicationContext started = context;
    return started == null || started.isActive();
  }

  /** The {@code admission} object of {@code /healthz} and {@code /readyz}. */
  String json() {
    return WebhookStatus.json(context, tlsMode);
  }
}
