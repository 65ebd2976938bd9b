package dev.celador.cli.serve;

import dev.celador.extauthz.DenyBody;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code /readyz} reports. Ready means: a policy set is compiled, warm-up ran, and we are not
 * draining. A failed reload does not make us unready (the last good set still serves) but the
 * detail says why it failed.
 */
final class ServeState {

  private volatile boolean warm;
  private volatile boolean draining;
  private volatile int policies = -1;
  private volatile String reloadError = "";
  private volatile long reloads;
  private volatile String jwks = "none";
  private volatile boolean allowEmpty;
  private volatile boolean empty;
  private volatile List<String> warnings = List.of();

  boolean ready() {
    return warm && !draining && policies >= 0 && (!empty || allowEmpty);
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
   * Where the first JWKS fetches stand: "none" (no remote keys), "waiting", "ok", or which sources
   * still have no keys once the bounded wait is over.
   */
  void jwks(String status) {
    jwks = status;
  }

  void warm() {
    warm = true;
  }

  void draining() {
    draining = true;
  }

  String toJson() {
    return "{\"ready\":"
        + ready()
        + ",\"policies\":"
        + Math.max(policies, 0)
        + ",\"warm\":"
        + warm
        + ",\"draining\":"
        + draining
        + ",\"jwks\":"
        + DenyBody.quote(jwks)
        + ",\"reloads\":"
        + reloads
        + (empty && !allowEmpty
            ? ",\"notReady\":"
                + DenyBody.quote(
                    "no policies loaded; set celador.policies.allow-empty=true if an empty set is"
                        + " intended")
            : "")
        + (warnings.isEmpty()
            ? ""
            : warnings.stream()
                .map(DenyBody::quote)
                .collect(Collectors.joining(",", ",\"warnings\":[", "]")))
        + ",\"lastReload\":"
        + (reloadError.isEmpty()
            ? "{\"ok\":true}"
            : "{\"ok\":false,\"error\":" + DenyBody.quote(reloadError) + "}")
        + "}";
  }
}
