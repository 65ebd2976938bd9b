package dev.celador.webhook.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.webhook.WebhookApplication;
import dev.celador.webhook.WebhookDurations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class BootstrapSettingsTest {

  private static StandardEnvironment env(Map<String, Object> values) {
    Map<String, Object> all = new HashMap<>();
    all.put("celador.webhook.tls.service-name", "celador");
    all.put("celador.webhook.tls.webhook-configuration", "celador-webhook");
    all.putAll(values);
    StandardEnvironment env = new StandardEnvironment();
    env.setConversionService(new ApplicationConversionService());
    env.getPropertySources().addFirst(new MapPropertySource("test", all));
    // As the application does before BootstrapTls reads them.
    WebhookDurations.normalize(env);
    return env;
  }

  @Test
  void from_defaults_secretAndNamespaceDerivedFromService() {
    BootstrapSettings s = BootstrapSettings.from(env(Map.of()), "celador-system");

    assertThat(s.secretName()).isEqualTo("celador-tls");
    assertThat(s.secretNamespace()).isEqualTo("celador-system");
    assertThat(s.names())
        .containsExactly("celador.celador-system.svc", "celador.celador-system.svc.cluster.local");
    assertThat(s.caValidity()).isEqualTo(Duration.ofDays(365));
    assertThat(s.checkInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void from_extraSansAndDurations_parsed() {
    BootstrapSettings s =
        BootstrapSettings.from(
            env(
                Map.of(
                    "celador.webhook.tls.extra-sans", " 127.0.0.1, webhook.local ",
                    "celador.webhook.tls.rotation-overlap", "30s",
                    "celador.webhook.tls.check-interval", "5s")),
            "ns");

    assertThat(s.names()).endsWith("127.0.0.1", "webhook.local");
    assertThat(s.rotationOverlap()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void from_overlapShorterThanTwoChecks_rejected() {
    assertThatThrownBy(
            () ->
                BootstrapSettings.from(
                    env(Map.of("celador.webhook.tls.rotation-overlap", "90s")), "ns"))
        .hasMessageContaining("rotation-overlap (PT1M30S) must be at least twice");
  }

  @Test
  void from_noServiceNameOrNamespace_rejectedNamingTheProperty() {
    StandardEnvironment noService = env(Map.of("celador.webhook.tls.service-name", ""));

    assertThatThrownBy(() -> BootstrapSettings.from(noService, "ns"))
        .hasMessage("celador.webhook.tls.service-name is required in bootstrap mode");
    assertThatThrownBy(() -> BootstrapSettings.from(env(Map.of()), null))
        .hasMessageStartingWith("celador.webhook.tls.service-namespace is required");
  }

  @Test
  void from_badDuration_rejectedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                BootstrapSettings.from(
                    env(Map.of("celador.webhook.tls.ca-validity", "a year")), "n"))
        .hasMessageStartingWith("celador.webhook.tls.ca-validity must be a duration");
  }

  @Test
  void run_unknownTlsMode_startupFailsNamingTheProperty() {
    assertThatThrownBy(
            () ->
                WebhookApplication.application()
                    .run("--celador.webhook.tls.mode=vault", "--celador.webhook.policies=x"))
        .hasMessage("celador.webhook.tls.mode must be 'files' or 'bootstrap', got 'vault'");
  }
}
