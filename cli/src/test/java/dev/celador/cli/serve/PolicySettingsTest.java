package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.api.DefaultAction;
import dev.celador.extauthz.http.HttpIdentity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySettingsTest {

  @Test
  void defaults_nothingSet_celadorSystemRootAllowAndNoHttpIdentities() {
    Settings s = Settings.resolve(null, Map.of(), Map.of());

    PolicyDefaults defaults = PolicySettings.defaults(s);
    HttpIdentity identity = PolicySettings.httpIdentity(s);

    assertThat(defaults.tenancy().rootNamespace()).isEqualTo("celador-system");
    assertThat(defaults.unselected()).isEqualTo(DefaultAction.ALLOW);
    assertThat(identity).isEqualTo(HttpIdentity.NONE);
    assertThat(s.bool("celador.policies.allow-empty")).isFalse();
  }

  @Test
  void defaults_setFromEnvironment_read() {
    Settings s =
        Settings.resolve(
            null,
            Map.of(
                "CELADOR_ROOT_NAMESPACE", "platform",
                "CELADOR_DEFAULT_ACTION", "Deny",
                "CELADOR_HTTP_IDENTITY_XFCC", "true",
                "CELADOR_HTTP_IDENTITY_DESTINATION_HEADER", "X-Celador-Destination"),
            Map.of());

    assertThat(PolicySettings.defaults(s))
        .isEqualTo(
            new PolicyDefaults(
                new dev.celador.engine.internal.parse.Tenancy("platform"), DefaultAction.DENY));
    assertThat(PolicySettings.httpIdentity(s))
        .isEqualTo(new HttpIdentity(true, "", "x-celador-destination"));
  }

  @Test
  void defaults_unknownActionOrBadNamespace_userErrorNamingTheSetting() {
    Settings action = Settings.resolve(null, Map.of(), Map.of("celador.default-action", "maybe"));
    Settings namespace =
        Settings.resolve(null, Map.of(), Map.of("celador.root-namespace", "Not_A_Label"));

    assertThatThrownBy(() -> PolicySettings.defaults(action))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.default-action must be allow or deny");
    assertThatThrownBy(() -> PolicySettings.defaults(namespace))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("celador.root-namespace:");
  }
}
