package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

class AdmissionWebhookRunnerTest {

  private static final Path POLICIES = Path.of("policies/admission");

  @Test
  void enabled_fromEnvironmentVariable_true() {
    Settings s = Settings.resolve(null, Map.of("CELADOR_WEBHOOK_ENABLED", "true"), Map.of());

    assertThat(AdmissionWebhookRunner.enabled(s)).isTrue();
  }

  @Test
  void arguments_filesMode_noPoliciesOfItsOwnAndPathsBecomeFileLocations() {
    Settings s =
        Settings.resolve(
            null,
            Map.of(),
            Map.of(
                "celador.webhook.tls.certificate", "/tls/tls.crt",
                "celador.webhook.tls.private-key", "file:/tls/tls.key"));

    assertThat(AdmissionWebhookRunner.arguments(s, POLICIES))
        .contains(
            "--celador.webhook.tls.certificate=file:/tls/tls.crt",
            "--celador.webhook.tls.private-key=file:/tls/tls.key",
            "--celador.webhook.port=9443",
            "--management.server.port=-1",
            "--celador.root-namespace=celador-system",
            "--celador.log.level=info")
        .noneMatch(a -> a.startsWith("--celador.webhook.enabled"))
        .noneMatch(a -> a.startsWith("--celador.webhook.policies"))
        .noneMatch(a -> a.endsWith("="));
  }

  @Test
  void arguments_connectionLimitsAndTlsPolicy_reachTheWebhookWithTheirDefaults() {
    Settings s =
        Settings.resolve(
            null,
            Map.of("CELADOR_WEBHOOK_HEADER_TIMEOUT", "3s"),
            Map.of(
                "celador.webhook.tls.certificate", "/tls/tls.crt",
                "celador.webhook.tls.private-key", "/tls/tls.key"));

    assertThat(AdmissionWebhookRunner.arguments(s, POLICIES))
        .contains(
            "--celador.webhook.header-timeout=3s",
            "--celador.webhook.header-timeout-when-full=10s",
            "--celador.webhook.read-timeout=10s",
            "--celador.webhook.idle-timeout=60s",
            "--celador.webhook.max-keep-alive-requests=10000",
            "--celador.webhook.accept-count=100",
            "--celador.webhook.tls.protocols=TLSv1.3,TLSv1.2")
        // Empty: the webhook's own AEAD-only list applies.
        .noneMatch(a -> a.startsWith("--celador.webhook.tls.ciphers"));
  }

  /** Files-mode settings with one more setting. */
  private static Settings withCertificate(String setting, String value) {
    return Settings.resolve(
        null,
        Map.of(),
        Map.of(
            "celador.webhook.tls.certificate",
            "/tls/tls.crt",
            "celador.webhook.tls.private-key",
            "/tls/tls.key",
            setting,
            value));
  }

  @Test
  void arguments_webhookDurationNotGoSyntax_userErrorNamingIt() {
    Settings s = withCertificate("celador.webhook.reload-interval", "2 s");

    assertThatThrownBy(() -> AdmissionWebhookRunner.arguments(s, POLICIES))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("celador.webhook.reload-interval must be a duration");
  }

  @Test
  void arguments_anySettings_onlyServesSourcesAndDurationsAsWritten() {
    Settings s = withCertificate("celador.webhook.reload-interval", "1h30m");

    assertThat(AdmissionWebhookRunner.arguments(s, POLICIES))
        .contains(
            "--spring.config.location=optional:classpath:/",
            // In Celador's syntax: the webhook reads it with the same parser (WebhookDurations).
            "--celador.webhook.reload-interval=1h30m");
  }

  @Test
  void settingsOnly_celadorVariables_goneOthersKept() {
    StandardEnvironment env =
        new StandardEnvironment() {
          @Override
          public Map<String, Object> getSystemEnvironment() {
            return Map.of("CELADOR_WEBHOOK_PORT", "1", "HOME", "/home/celador");
          }
        };
    assertThat(env.getProperty("celador.webhook.port")).isEqualTo("1");

    AdmissionWebhookRunner.SettingsOnly.withoutCeladorVariables(env);

    assertThat(env.getProperty("celador.webhook.port")).isNull();
    assertThat(env.getProperty("HOME")).isEqualTo("/home/celador");
  }

  @Test
  void arguments_filesModeWithoutCertificate_userErrorNamingBothWays() {
    Settings s = Settings.resolve(null, Map.of(), Map.of());

    assertThatThrownBy(() -> AdmissionWebhookRunner.arguments(s, POLICIES))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.webhook.tls.certificate")
        .hasMessageContaining("celador.webhook.tls.mode=bootstrap");
  }

  @Test
  void arguments_bootstrapMode_passedThroughWithoutCertificateFiles() {
    Settings s =
        Settings.resolve(
            null,
            Map.of("CELADOR_WEBHOOK_TLS_MODE", "bootstrap"),
            Map.of(
                "celador.webhook.policies", "/etc/admission",
                "celador.webhook.tls.service-name", "celador",
                "celador.webhook.tls.webhook-configuration", "celador"));

    assertThat(AdmissionWebhookRunner.arguments(s, POLICIES))
        .contains(
            "--celador.webhook.tls.mode=bootstrap",
            "--celador.webhook.policies=/etc/admission",
            "--celador.webhook.tls.service-name=celador")
        .noneMatch(a -> a.startsWith("--celador.webhook.tls.certificate"));
  }

  @Test
  void resolve_unknownWebhookSetting_rejected() {
    assertThatThrownBy(
            () -> Settings.resolve(null, Map.of(), Map.of("celador.webhook.tls.modee", "x")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown setting 'celador.webhook.tls.modee'");
  }
}
