package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.internal.parse.Tenancy;
import dev.celador.extauthz.http.HttpIdentity;
import java.util.Locale;

/** The serve settings that decide what policies mean: tenancy, the default action, identities. */
final class PolicySettings {

  private PolicySettings() {}

  static PolicyDefaults defaults(Settings settings) {
    String action = settings.string("celador.default-action").toUpperCase(Locale.ROOT);
    if (!action.equals("ALLOW") && !action.equals("DENY")) {
      throw new UserException(
          "celador.default-action must be allow or deny, got '"
              + settings.string("celador.default-action")
              + "'");
    }
    try {
      return new PolicyDefaults(
          new Tenancy(settings.string("celador.root-namespace")), DefaultAction.valueOf(action));
    } catch (IllegalArgumentException e) {
      throw new UserException("celador.root-namespace: " + e.getMessage());
    }
  }

  static HttpIdentity httpIdentity(Settings settings) {
    return new HttpIdentity(
        settings.bool("celador.http.identity.xfcc"),
        settings.string("celador.http.identity.destination"),
        settings.string("celador.http.identity.destination-header"));
  }
}
