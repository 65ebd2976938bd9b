package dev.celador.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class WebhookDurationsTest {

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return env;
  }

  @Test
  void normalize_goDurations_boundBySpringToTheSameValue() {
    StandardEnvironment env =
        environment(
            Map.of(
                "celador.webhook.reload-interval", "1h30m",
                "celador.webhook.read-timeout", "1.5s",
                "celador.webhook.tls.ca-validity", "365d"));

    WebhookDurations.normalize(env);

    Binder binder = Binder.get(env);
    assertThat(binder.bind("celador.webhook.reload-interval", Duration.class).get())
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(binder.bind("celador.webhook.read-timeout", Duration.class).get())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(binder.bind("celador.webhook.tls.ca-validity", Duration.class).get())
        .isEqualTo(Duration.ofDays(365));
    assertThat(env.getProperty("celador.webhook.idle-timeout")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    // Spring's own parser read a bare number as milliseconds and took ISO-8601.
    "celador.webhook.header-timeout, 500, missing unit",
    "celador.webhook.idle-timeout, PT60S, expected a number",
    "celador.webhook.tls.check-interval, 1 m, unknown unit",
  })
  void normalize_notGoSyntax_refusedNamingTheSetting(String setting, String value, String why) {
    StandardEnvironment env = environment(Map.of(setting, value));

    assertThatThrownBy(() -> WebhookDurations.normalize(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(setting + " must be a duration like 250ms, 1.5s or 1h30m")
        .hasMessageContaining(why);
  }

  @Test
  void normalize_negative_refusedNamingTheSetting() {
    StandardEnvironment env = environment(Map.of("celador.webhook.reload-interval", "-2s"));

    assertThatThrownBy(() -> WebhookDurations.normalize(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("celador.webhook.reload-interval must not be negative, got '-2s'");
  }
}
