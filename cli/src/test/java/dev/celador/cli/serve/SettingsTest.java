package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void resolve_nothingGiven_embeddedDefaults() {
    Settings s = Settings.resolve(null, Map.of(), Map.of());

    assertThat(s.integer("celador.grpc.port")).isEqualTo(9191);
    assertThat(s.integer("celador.http.port")).isEqualTo(9192);
    assertThat(s.integer("celador.management.port")).isEqualTo(9193);
    assertThat(s.bool("celador.http.trust-original-headers")).isFalse();
    assertThat(s.fraction("celador.decision-log.allow-sample-rate")).isEqualTo(0.01);
    assertThat(s.fraction("celador.decision-log.deny-sample-rate")).isEqualTo(1.0);
    assertThat(s.duration("celador.jwt.ready-timeout")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void resolve_yamlThenEnvThenSet_laterSourcesWin() throws Exception {
    Path yaml = dir.resolve("celador.yaml");
    Files.writeString(
        yaml,
        "celador:\n  grpc:\n    port: 1000\n  http:\n    port: 2000\n  management:\n    port: 3000\n");

    Settings s =
        Settings.resolve(
            yaml,
            Map.of("CELADOR_HTTP_PORT", "2001", "CELADOR_MANAGEMENT_PORT", "3001"),
            Map.of("celador.management.port", "3002"));

    assertThat(s.integer("celador.grpc.port")).isEqualTo(1000);
    assertThat(s.integer("celador.http.port")).isEqualTo(2001);
    assertThat(s.integer("celador.management.port")).isEqualTo(3002);
  }

  @Test
  void resolve_propertiesFile_read() throws Exception {
    Path props = dir.resolve("celador.properties");
    Files.writeString(props, "celador.decision-log.allow-sample-rate=0.25\n");

    assertThat(
            Settings.resolve(props, Map.of(), Map.of())
                .fraction("celador.decision-log.allow-sample-rate"))
        .isEqualTo(0.25);
  }

  @Test
  void resolve_fileEnvAndSetOnOneSetting_setWinsThenEnvThenFile() throws Exception {
    Path yaml = dir.resolve("celador.yaml");
    Files.writeString(yaml, "celador.jwt.refresh-interval: 2m\ncelador.jwt.ready-timeout: 3s\n");
    Map<String, String> env =
        Map.of("CELADOR_JWT_REFRESH_INTERVAL", "3m", "CELADOR_JWT_FETCH_TIMEOUT", "1s");

    Settings fileOnly = Settings.resolve(yaml, Map.of(), Map.of());
    Settings fileAndEnv = Settings.resolve(yaml, env, Map.of());
    Settings all = Settings.resolve(yaml, env, Map.of("celador.jwt.refresh-interval", "4m"));

    assertThat(fileOnly.duration("celador.jwt.refresh-interval")).hasMinutes(2);
    assertThat(fileAndEnv.duration("celador.jwt.refresh-interval")).hasMinutes(3);
    assertThat(all.duration("celador.jwt.refresh-interval")).hasMinutes(4);
    assertThat(all.duration("celador.jwt.ready-timeout")).hasSeconds(3);
    assertThat(all.duration("celador.jwt.fetch-timeout")).hasSeconds(1);
    assertThat(all.duration("celador.jwt.min-refetch-interval")).hasSeconds(30);
  }

  @Test
  void resolve_unknownSetOption_namesTheClosestSetting() {
    assertThatThrownBy(
            () -> Settings.resolve(null, Map.of(), Map.of("celador.jwt.refresh-intervall", "1h")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "--set: unknown setting 'celador.jwt.refresh-intervall'; did you mean"
                + " 'celador.jwt.refresh-interval'?");
  }

  @Test
  void resolve_unknownNameFarFromAny_pointsAtTheDocs() {
    assertThatThrownBy(() -> Settings.resolve(null, Map.of(), Map.of("celador.colour", "blue")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "--set: unknown setting 'celador.colour'; the settings are listed in docs/serve.md");
  }

  @Test
  void resolve_unknownSettingInYaml_namesFileAndLine() throws Exception {
    Path yaml = dir.resolve("celador.yaml");
    Files.writeString(yaml, "celador:\n  grpc:\n    port: 1000\n  managment:\n    port: 3000\n");

    assertThatThrownBy(() -> Settings.resolve(yaml, Map.of(), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            yaml
                + ":5: unknown setting 'celador.managment.port'; did you mean"
                + " 'celador.management.port'?");
  }

  @Test
  void resolve_unknownSettingInProperties_namesFileAndLine() throws Exception {
    Path props = dir.resolve("celador.properties");
    Files.writeString(props, "# tuning\ncelador.grpc.port=1\n\ncelador.grpc.prot = 2\n");

    assertThatThrownBy(() -> Settings.resolve(props, Map.of(), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            props + ":4: unknown setting 'celador.grpc.prot'; did you mean 'celador.grpc.port'?");
  }

  @Test
  void resolve_unknownCeladorVariable_namesTheClosestVariable() {
    assertThatThrownBy(
            () -> Settings.resolve(null, Map.of("CELADOR_JWT_REFRESH_INTERVALL", "1h"), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "environment variable CELADOR_JWT_REFRESH_INTERVALL is not a setting; did you mean"
                + " CELADOR_JWT_REFRESH_INTERVAL (celador.jwt.refresh-interval)?");
  }

  @Test
  void resolve_scriptAndServiceLinkVariables_notTakenForSettings() {
    Map<String, String> env =
        Map.of(
            "CELADOR_JAR", "/tmp/celador.jar",
            "CELADOR_ADMISSION_SERVICE_HOST", "10.0.0.7",
            "CELADOR_ADMISSION_SERVICE_PORT", "443",
            "CELADOR_ADMISSION_PORT", "tcp://10.0.0.7:443",
            "CELADOR_ADMISSION_PORT_443_TCP_ADDR", "10.0.0.7",
            "PATH", "/usr/bin");

    assertThat(Settings.resolve(null, env, Map.of()).integer("celador.grpc.port")).isEqualTo(9191);
  }

  @Test
  void resolve_serviceLinkLookalikeWithoutItsService_refused() {
    assertThatThrownBy(() -> Settings.resolve(null, Map.of("CELADOR_GRCP_PORT", "1"), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("did you mean CELADOR_GRPC_PORT (celador.grpc.port)?");
  }

  @Test
  void duration_goSyntax_readLikeGo() {
    Settings s =
        Settings.resolve(
            null,
            Map.of(),
            Map.of(
                "celador.jwt.refresh-interval", "1h",
                "celador.shutdown.grace", "1m30s",
                "celador.warmup.duration", "1.5s",
                "celador.webhook.tls.ca-validity", "365d",
                "celador.costly.max-wait", "0"));

    assertThat(s.duration("celador.jwt.refresh-interval")).isEqualTo(Duration.ofHours(1));
    assertThat(s.duration("celador.shutdown.grace")).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.duration("celador.warmup.duration")).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.duration("celador.webhook.tls.ca-validity")).isEqualTo(Duration.ofDays(365));
    assertThat(s.duration("celador.costly.max-wait")).isZero();
  }

  @Test
  void duration_withoutUnit_refusedNamingSettingAndWhy() {
    Settings s = Settings.resolve(null, Map.of(), Map.of("celador.shutdown.grace", "10"));

    assertThatThrownBy(() -> s.duration("celador.shutdown.grace"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "celador.shutdown.grace must be a duration like 250ms, 1.5s or 1h30m: invalid duration"
                + " '10': missing unit (ns, us, ms, s, m, h or d)");
  }

  @Test
  void duration_negative_refusedNamingSetting() {
    Settings s = Settings.resolve(null, Map.of(), Map.of("celador.shutdown.grace", "-1s"));

    assertThatThrownBy(() -> s.duration("celador.shutdown.grace"))
        .isInstanceOf(UserException.class)
        .hasMessage("celador.shutdown.grace must not be negative, got '-1s'");
  }

  @Test
  void fraction_outOfRange_isAnError() {
    Settings s =
        Settings.resolve(null, Map.of(), Map.of("celador.decision-log.deny-sample-rate", "2"));

    assertThatThrownBy(() -> s.fraction("celador.decision-log.deny-sample-rate"))
        .isInstanceOf(UserException.class);
  }

  @Test
  void envName_springRelaxedBinding() {
    assertThat(EnvironmentSettings.envName("celador.decision-log.allow-sample-rate"))
        .isEqualTo("CELADOR_DECISION_LOG_ALLOW_SAMPLE_RATE");
  }

  @Test
  void resolve_webhookManagementPort_refusedNamingServesPort() {
    assertThatThrownBy(
            () ->
                Settings.resolve(null, Map.of(), Map.of("celador.webhook.management-port", "9194")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "--set: setting 'celador.webhook.management-port' does not apply to celador serve:"
                + " the webhook's /healthz, /readyz and /metrics are on serve's management port"
                + " (celador.management.port)");
    assertThatThrownBy(
            () ->
                Settings.resolve(
                    null, Map.of("CELADOR_WEBHOOK_MANAGEMENT_HOST", "0.0.0.0"), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "environment variable CELADOR_WEBHOOK_MANAGEMENT_HOST: setting"
                + " 'celador.webhook.management-host' does not apply to celador serve")
        .hasMessageEndingWith("(celador.management.host)");
  }
}
