package dev.celador.logging;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * {@code celador.log.level} in the webhook application (its properties, {@code CELADOR_LOG_LEVEL},
 * {@code --celador.log.level}; serve passes its own setting). Runs right after Spring Boot has set
 * up logging from {@code logback-spring.xml}, which would otherwise have the last word.
 */
public final class SpringLogLevel
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    LogLevels.apply(event.getEnvironment().getProperty(LogLevels.SETTING, LogLevels.DEFAULT));
  }
}
