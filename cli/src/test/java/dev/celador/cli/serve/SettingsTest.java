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
  void resolve_unknownSetting_isAnError() {
    assertThatThrownBy(() -> Settings.resolve(null, Map.of(), Map.of("celador.grpc.prot", "1")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown setting 'celador.grpc.prot'");
  }

  @Test
  void duration_units_parsed() {
    Settings s =
        Settings.resolve(
            null,
            Map.of(),
            Map.of("celador.warmup.duration", "250ms", "celador.shutdown.grace", "1m"));

    assertThat(s.duration("celador.warmup.duration")).isEqualTo(Duration.ofMillis(250));
    assertThat(s.duration("celador.shutdown.grace")).isEqualTo(Duration.ofMinutes(1));
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
    assertThat(Settings.envName("celador.decision-log.allow-sample-rate"))
        .isEqualTo("CELADOR_DECISION_LOG_ALLOW_SAMPLE_RATE");
  }
}
