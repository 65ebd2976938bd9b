package dev.celador.webhook;

import dev.celador.engine.internal.parse.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads the webhook's duration settings with Celador's one duration syntax ({@link Durations},
 * Go's: {@code 1h30m}, {@code 1.5s}) before Spring binds them, wherever they came from (command
 * line, environment, {@code celador serve}). Spring's own parser differs: it refuses {@code 1h30m}
 * and takes a bare {@code 500} as milliseconds. Each value is handed on in ISO-8601, which every
 * Spring binding ({@code @Value}, {@code Binder}, placeholders in application.properties) reads
 * exactly.
 */
public final class WebhookDurations
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  /** Every {@code celador.webhook.*} setting that is a duration. */
  public static final List<String> SETTINGS =
      List.of(
          "celador.webhook.reload-interval",
          "celador.webhook.cluster.sync-timeout",
          "celador.webhook.read-timeout",
          "celador.webhook.header-timeout",
          "celador.webhook.header-timeout-when-full",
          "celador.webhook.idle-timeout",
          "celador.webhook.tls.quiet-period",
          "celador.webhook.tls.ca-validity",
          "celador.webhook.tls.serving-validity",
          "celador.webhook.tls.rotation-overlap",
          "celador.webhook.tls.check-interval");

  static final String SOURCE = "celador-durations";

  /** Right after Spring Boot has read its config files, before any listener reads a duration. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 11;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    normalize(event.getEnvironment());
  }

  /** Replaces every duration setting {@code env} has by its ISO-8601 form; throws on a bad one. */
  public static void normalize(ConfigurableEnvironment env) {
    Map<String, Object> iso = new LinkedHashMap<>();
    for (String name : SETTINGS) {
      String text = env.getProperty(name);
      if (text != null && !text.isBlank()) {
        iso.put(name, parse(name, text.trim()).toString());
      }
    }
    env.getPropertySources().addFirst(new MapPropertySource(SOURCE, iso));
  }

  private static Duration parse(String name, String text) {
    try {
      return Durations.parseSetting(name, text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e); // Spring's start-up failure
    }
  }
}
