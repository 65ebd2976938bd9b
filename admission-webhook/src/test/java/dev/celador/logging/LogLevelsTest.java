package dev.celador.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** celador.log.level on the running Logback, as serve and the webhook apply it. */
class LogLevelsTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private Level rootBefore;
  private Level celadorBefore;

  @BeforeEach
  void remember() {
    rootBefore = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
    celadorBefore = context.getLogger("dev.celador").getLevel();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    context.getLogger("test.library").setLevel(Level.INFO);
    context.getLogger("celador.decisions").setLevel(Level.INFO);
  }

  @AfterEach
  void restore() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(rootBefore);
    context.getLogger("dev.celador").setLevel(celadorBefore);
    context.getLogger("test.library").setLevel(null);
    context.getLogger("celador.decisions").setLevel(null);
  }

  @Test
  void apply_warn_celadorInfoOffLibrariesRaisedDecisionLogKept() {
    LogLevels.apply("warn");

    org.slf4j.Logger celador = LoggerFactory.getLogger("dev.celador.cli.serve.ServeRuntime");
    assertThat(celador.isInfoEnabled()).isFalse();
    assertThat(celador.isWarnEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("test.library").isInfoEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("celador.decisions").isInfoEnabled()).isTrue();
  }

  @Test
  void apply_debug_celadorDebugOnLibrariesNotLowered() {
    LogLevels.apply("DEBUG");

    assertThat(LoggerFactory.getLogger("dev.celador.webhook.X").isDebugEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("io.some.library").isInfoEnabled()).isFalse();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void apply_error_rootRaisedToError() {
    LogLevels.apply("error");

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.ERROR);
    assertThat(LoggerFactory.getLogger("dev.celador.x").isWarnEnabled()).isFalse();
  }

  @Test
  void parse_unknownLevel_errorNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> LogLevels.parse("verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "celador.log.level must be one of error, warn, info, debug, trace, got 'verbose'");
  }
}
