package dev.celador.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "1s, 1000000000",
    "1m, 60000000000",
    "1h, 3600000000000",
    "1d, 86400000000000",
    "1m30s, 90000000000",
    "1.5h, 5400000000000",
    "250ms, 250000000",
    "10us, 10000",
    "10µs, 10000",
    "7ns, 7",
    "2h45m0.5s, 9900500000000",
    ".5s, 500000000",
    "0s, 0"
  })
  void parse_goStyleDuration_givesExactNanos(String text, long nanos) {
    assertThat(Durations.parse(text)).contains(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "s", "1 s", "-1s", "1S", "1sec", "1s ", "P1D", "1w", "1e3s"})
  void parse_notADuration_isEmpty(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9999999999999d", "3000000h"})
  void parse_beyondLongNanos_isEmpty(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }
}
