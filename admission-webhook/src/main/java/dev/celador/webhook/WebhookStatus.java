package dev.celador.webhook;

import dev.celador.engine.internal.json.JsonText;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The webhook's part of the health probes: one {@code admission} object in {@code /healthz} and
 * {@code /readyz}, written the same by {@code celador serve --admission} and by the standalone
 * webhook ({@link ProbeEndpoints}). The webhook starts only with its admission policies loaded and
 * its certificate in place, and fails its start otherwise; so it is ready from the moment its
 * context is active until the context closes.
 */
public final class WebhookStatus {

  private WebhookStatus() {}

  /** Whether the webhook of {@code context} (null while it starts) serves reviews. */
  public static boolean ready(ConfigurableApplicationContext context) {
    return context != null && context.isActive();
  }

  /** The {@code admission} object for {@code context}, null while it starts. */
  public static String json(ConfigurableApplicationContext context, String tlsMode) {
    int policies = -1;
    String port = null;
    if (ready(context)) {
      try {
        policies = context.getBean(AdmissionPolicies.class).current().set().policyCount();
        port = context.getEnvironment().getProperty("local.server.port");
      } catch (IllegalStateException e) {
        // closed since isActive: reported as stopped
      }
    }
    boolean active = policies >= 0;
    int count = policies;
    String httpsPort = port;
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeBooleanProperty("ready", active);
          json.writeStringProperty(
              "state", context == null ? "starting" : active ? "serving" : "stopped");
          if (active) {
            if (httpsPort != null) {
              json.writeNumberProperty("port", Integer.parseInt(httpsPort));
            }
            json.writeNumberProperty("policies", count);
          }
          json.writeStringProperty("tls", tlsMode);
          json.writeEndObject();
        });
  }

  /** A whole probe body: {@code {"<probe>":ok,"admission":{...}}}. */
  public static String probe(String probe, boolean ok, String admission) {
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeBooleanProperty(probe, ok);
          json.writeName("admission");
          json.writeRawValue(admission); // already JSON, from json() above
          json.writeEndObject();
        });
  }
}
