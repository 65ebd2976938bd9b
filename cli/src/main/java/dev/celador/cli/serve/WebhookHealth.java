package dev.celador.cli.serve;

import dev.celador.engine.json.JsonText;
import dev.celador.webhook.AdmissionPolicies;

/**
 * The admission webhook's part of serve's {@code /healthz} and {@code /readyz} ({@code
 * --admission}). The webhook starts only with its admission policies loaded (files, or the first
 * cluster sync) and its TLS certificate in place, and fails serve's start otherwise; so it is ready
 * from the moment it listens until it stops. Until then {@code /readyz} says "starting"; should its
 * Spring context end while serve runs, {@code /healthz} fails, so Kubernetes restarts the pod
 * instead of leaving it up without its webhook.
 */
final class WebhookHealth {

  private final String tlsMode;
  private volatile AdmissionWebhookRunner.Running running;

  WebhookHealth(String tlsMode) {
    this.tlsMode = tlsMode;
  }

  void started(AdmissionWebhookRunner.Running webhook) {
    running = webhook;
  }

  boolean ready() {
    AdmissionWebhookRunner.Running webhook = running;
    return webhook != null && webhook.context().isActive();
  }

  /** False only once a started webhook has stopped. */
  boolean live() {
    AdmissionWebhookRunner.Running webhook = running;
    return webhook == null || webhook.context().isActive();
  }

  /** The {@code admission} object of {@code /healthz} and {@code /readyz}. */
  String json() {
    AdmissionWebhookRunner.Running webhook = running;
    int policies = -1;
    if (webhook != null && webhook.context().isActive()) {
      try {
        policies = webhook.context().getBean(AdmissionPolicies.class).current().set().policyCount();
      } catch (IllegalStateException e) {
        // closed since isActive: reported as stopped
      }
    }
    boolean active = policies >= 0;
    int count = policies;
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeBooleanProperty("ready", active);
          json.writeStringProperty(
              "state", webhook == null ? "starting" : active ? "serving" : "stopped");
          if (active) {
            json.writeNumberProperty("port", webhook.port());
            json.writeNumberProperty("policies", count);
          }
          json.writeStringProperty("tls", tlsMode);
          json.writeEndObject();
        });
  }
}
