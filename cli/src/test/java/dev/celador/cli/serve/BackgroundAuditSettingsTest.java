package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code celador.audit.*}: defaults, Go durations, and what is refused before serve starts. */
class BackgroundAuditSettingsTest {

  private static Settings settings(Map<String, String> set) {
    return Settings.resolve(null, Map.of(), set);
  }

  @Test
  void defaults_auditOffHourly() {
    Settings s = settings(Map.of());

    assertThat(BackgroundAudit.enabled(s)).isFalse();
    assertThat(s.duration("celador.audit.interval")).isEqualTo(Duration.ofHours(1));
    assertThatCode(() -> BackgroundAudit.check(s)).doesNotThrowAnyException();
  }

  @Test
  void check_auditWithoutTheWebhook_refusedNamingBoth() {
    Settings s = settings(Map.of("celador.audit.enabled", "true"));

    assertThatThrownBy(() -> BackgroundAudit.check(s))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.audit.enabled")
        .hasMessageContaining("celador.webhook.enabled");
  }

  @Test
  void check_goDurationInterval_accepted() {
    Settings s =
        settings(
            Map.of(
                "celador.audit.enabled", "true",
                "celador.webhook.enabled", "true",
                "celador.audit.interval", "1h30m"));

    assertThatCode(() -> BackgroundAudit.check(s)).doesNotThrowAnyException();
    assertThat(s.duration("celador.audit.interval")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void check_intervalUnderASecond_refused() {
    Settings s =
        settings(
            Map.of(
                "celador.audit.enabled", "true",
                "celador.webhook.enabled", "true",
                "celador.audit.interval", "500ms"));

    assertThatThrownBy(() -> BackgroundAudit.check(s))
        .isInstanceOf(UserException.class)
        .hasMessage("celador.audit.interval must be at least 1s, got '500ms'");
  }

  @Test
  void check_bareNumberInterval_refusedAsNoGoDuration() {
    Settings s =
        settings(
            Map.of(
                "celador.audit.enabled", "true",
                "celador.webhook.enabled", "true",
                "celador.audit.interval", "3600"));

    assertThatThrownBy(() -> BackgroundAudit.check(s))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.audit.interval");
  }

  @Test
  void resolve_misspelledAuditSetting_refusedWithTheClosestName() {
    assertThatThrownBy(() -> settings(Map.of("celador.audit.intervall", "1h")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("did you mean 'celador.audit.interval'?");
  }
}
