package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeLoggingTest {

  @Test
  void configure_unknownLevel_userErrorNamingTheSettingAndValue() {
    Settings settings = Settings.resolve(null, Map.of("CELADOR_LOG_LEVEL", "loud"), Map.of());

    assertThatThrownBy(() -> ServeLogging.configure(settings))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("celador.log.level")
        .hasMessageContaining("'loud'");
  }
}
