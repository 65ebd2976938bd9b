package dev.celador.cli.serve;

import dev.celador.extauthz.DenyBody;

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

  boolean ready() {
    return warm && !draining && policies >= 0;
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
        + ",\"lastReload\":"
        + (reloadError.isEmpty()
            ? "{\"ok\":true}"
            : "{\"ok\":false,\"error\":" + DenyBody.quote(reloadError) + "}")
        + "}";
  }
}
