package dev.celador.cli.serve;

import dev.celador.engine.internal.json.JsonText;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code /readyz} reports. Ready means: a policy set is compiled, warm-up ran, and we are not
 * draining. A failed reload does not make us unready (the last good set still serves) but the
 * detail says why it failed. The JWKS and rate-limit store details are read at each request, so a
 * key source a reload added, or a store that broke, shows at once.
 */
final class ServeState {

  private volatile boolean warm;
  private volatile boolean draining;
  private volatile int policies = -1;
  private volatile String reloadError = "";
  private volatile long reloads;
  private volatile boolean awaitingKeys;
  private volatile Supplier<String> jwks = () -> "none";
  private volatile Supplier<String> rateLimitStore;
  private volatile boolean allowEmpty;
  private volatile boolean empty;
  private volatile List<String> warnings = List.of();
  private volatile List<String> leftOut = List.of();
  private volatile WebhookHealth admission;

  boolean ready() {
    return warm
        && !draining
        && policies >= 0
        && (!empty || allowEmpty)
        && (admission == null || admission.ready());
  }

  /**
   * Liveness: false only when a part that cannot come back by itself has stopped (the admission
   * webhook's context), so a restart is the cure. Draining is alive.
   */
  boolean live() {
    return draining || admission == null || admission.live();
  }

  /** The admission webhook's health ({@code serve --admission}), part of both probes. */
  void admission(WebhookHealth webhook) {
    admission = webhook;
  }

  /** Whether the loaded set has no policies at all. */
  void empty(boolean none) {
    empty = none;
  }

  /** Whether an empty policy set counts as ready ({@code celador.policies.allow-empty}). */
  void allowEmpty(boolean allowed) {
    allowEmpty = allowed;
  }

  /** Problems with the loaded set that do not stop it serving, listed in {@code /readyz}. */
  void warnings(List<String> current) {
    warnings = List.copyOf(current);
  }

  /**
   * The problems of the custom resources the latest cluster load left out (each object's last good
   * version, if any, serving on), listed in {@code /readyz}; they do not stop readiness.
   */
  void leftOut(List<String> problems) {
    leftOut = List.copyOf(problems);
  }

  void loaded(int count) {
    policies = count;
    reloadError = "";
    reloads++;
  }

  void reloadFailed(String error) {
    reloadError = error;
    reloads++;
  }

  /**
   * Where the active set's remote key sources stand, asked at each {@code /readyz}: "none" (no
   * remote keys), "ok", or which sources have no keys yet and why.
   */
  void jwks(Supplier<String> status) {
    jwks = status;
  }

  /** While startup waits for the first JWKS fetches, the detail says "waiting". */
  void awaitingKeys(boolean waiting) {
    awaitingKeys = waiting;
  }

  /** The shared rate-limit store's state as a JSON object, asked at each {@code /readyz}. */
  void rateLimitStore(Supplier<String> json) {
    rateLimitStore = json;
  }

  void warm() {
    warm = true;
  }

  void draining() {
    draining = true;
  }

  /**
   * The {@code /healthz} body: JSON like {@code /readyz}, {@code live} in place of {@code ready},
   * and the same {@code admission} object.
   */
  String liveJson() {
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeBooleanProperty("live", live());
          writeAdmission(json);
          json.writeEndObject();
        });
  }

  private void writeAdmission(tools.jackson.core.JsonGenerator json) {
    WebhookHealth webhook = admission;
    if (webhook != null) {
      json.writeName("admission");
      json.writeRawValue(webhook.json()); // already JSON, from JsonText
    }
  }

  String toJson() {
    return JsonText.compact(
        json -> {
          json.writeStartObject();
          json.writeBooleanProperty("ready", ready());
          json.writeNumberProperty("policies", Math.max(policies, 0));
          json.writeBooleanProperty("warm", warm);
          json.writeBooleanProperty("draining", draining);
          json.writeStringProperty("jwks", awaitingKeys ? "waiting" : jwks.get());
          if (rateLimitStore != null) {
            json.writeName("rateLimitStore");
            json.writeRawValue(rateLimitStore.get()); // already JSON, from JsonText
          }
          json.writeNumberProperty("reloads", reloads);
          if (empty && !allowEmpty) {
            json.writeStringProperty(
                "notReady",
                "no policies loaded; set celador.policies.allow-empty=true if an empty set is"
                    + " intended");
          }
          JsonText.nonEmptyArray(json, "warnings", warnings);
          JsonText.nonEmptyArray(json, "leftOut", leftOut);
          writeAdmission(json);
          json.writeObjectPropertyStart("lastReload");
          json.writeBooleanProperty("ok", reloadError.isEmpty());
          if (!reloadError.isEmpty()) {
            json.writeStringProperty("error", reloadError);
          }
          json.writeEndObject();
          json.writeEndObject();
        });
  }
}
