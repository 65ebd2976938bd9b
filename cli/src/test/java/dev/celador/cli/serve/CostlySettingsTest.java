package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celador.cli.UserException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostlySettingsTest {

  @ParameterizedTest
  @CsvSource({
    "celador.costly.cpu-share, 0",
    "celador.costly.cpu-share, 1.5",
    "celador.costly.max-wait, -5ms",
  })
  void serve_costlyLaneSettingOutOfRange_userErrorNamingIt(String setting, String value) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> new ServeRuntime(Settings.resolve(null, Map.of(), Map.of(setting, value)), sink))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(setting)
        .hasMessageContaining(value);
  }
}
