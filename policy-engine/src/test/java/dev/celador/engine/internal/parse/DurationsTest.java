package dev.celador.engine.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  /** The accepted inputs of Go's own time.ParseDuration table, with Go's results. */
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "5s, 5000000000",
    "30s, 30000000000",
    "1478s, 1478000000000",
    "-5s, -5000000000",
    "+5s, 5000000000",
    "-0, 0",
    "+0, 0",
    "5.0s, 5000000000",
    "5.6s, 5600000000",
    "5.s, 5000000000",
    ".5s, 500000000",
    "1.0s, 1000000000",
    "1.00s, 1000000000",
    "1.004s, 1004000000",
    "1.0040s, 1004000000",
    "100.00100s, 100001000000",
    "10ns, 10",
    "11us, 11000",
    "12µs, 12000",
    "12μs, 12000",
    "13ms, 13000000",
    "14s, 14000000000",
    "15m, 900000000000",
    "16h, 57600000000000",
    "3h30m, 12600000000000",
    "10.5s4m, 250500000000",
    "-2m3.4s, -123400000000",
    "1h2m3s4ms5us6ns, 3723004005006",
    "39h9m14.425s, 140954425000000",
    "52763797000ns, 52763797000",
    "0.3333333333333333333h, 1200000000000",
    "9007199254740993ns, 9007199254740993",
    "9223372036854775807ns, 9223372036854775807",
    "9223372036854775.807us, 9223372036854775807",
    "9223372036s854ms775us807ns, 9223372036854775807",
    "-9223372036854775808ns, -9223372036854775808",
    "-9223372036854775.808us, -9223372036854775808",
    "-9223372036s854ms775us808ns, -9223372036854775808",
    "0.100000000000000000000h, 360000000000",
    "0.830103483285477580700h, 2988372539827",
  })
  void parse_goTable_givesGosNanos(String text, String nanos) {
    assertThat(Durations.parseOrThrow(text)).isEqualTo(Duration.ofNanos(Long.parseLong(nanos)));
  }

  /** Go's documented examples: "300ms", "-1.5h", "2h45m", "1h10m10s", "1µs", "1us". */
  @ParameterizedTest
  @CsvSource({
    "300ms, PT0.3S",
    "-1.5h, PT-1H-30M",
    "2h45m, PT2H45M",
    "1h10m10s, PT1H10M10S",
    "1µs, PT0.000001S",
    "1us, PT0.000001S",
  })
  void parse_goDocExamples_meanWhatGoSays(String text, String iso) {
    assertThat(Durations.parseOrThrow(text)).isEqualTo(Duration.parse(iso));
  }

  /** Celador's one addition to Go's syntax, kept from the policy and certificate docs. */
  @ParameterizedTest
  @CsvSource({"1d, PT24H", "365d, PT8760H", "1.5d, PT36H", "1d12h, PT36H"})
  void parse_dayUnit_is24Hours(String text, String iso) {
    assertThat(Durations.parseOrThrow(text)).isEqualTo(Duration.parse(iso));
  }

  /** Go's refused inputs (less its "1d"), and forms other parsers took that this one refuses. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "3",
        "-",
        "s",
        ".",
        "-.",
        ".s",
        "+.s",
        "hello world",
        "1 s",
        "1s ",
        " 1s",
        "1S",
        "1sec",
        "P1D",
        "PT1S",
        "1w",
        "1e3s",
        "1.2.3s",
        "--1s",
        "1h-2m",
        "\uFFFD"
      })
  void parse_notADuration_refused(String text) {
    assertThat(Durations.parse(text)).isEmpty();
    assertThatThrownBy(() -> Durations.parseOrThrow(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775808ns",
        "9223372036854775.808us",
        "9223372036854ms775us808ns",
        "-9223372036854775809ns",
        "9999999999999d",
        "3000000h",
        "106752d1ns"
      })
  void parse_beyondGosRange_refusedAsOutOfRange(String text) {
    assertThatThrownBy(() -> Durations.parseOrThrow(text)).hasMessageContaining("out of range");
  }

  @ParameterizedTest
  @CsvSource({"5, missing unit", "5x, unknown unit 'x'", "1.5sec, unknown unit 'sec'"})
  void parseOrThrow_badText_saysWhatIsWrong(String text, String why) {
    assertThatThrownBy(() -> Durations.parseOrThrow(text))
        .hasMessage("invalid duration '" + text + "': " + why + " (ns, us, ms, s, m, h or d)");
  }

  @Test
  void parseSetting_negative_refusedNamingTheSetting() {
    assertThatThrownBy(() -> Durations.parseSetting("celador.x", "-1s"))
        .hasMessage("celador.x must not be negative, got '-1s'");
  }

  @Test
  void parseSetting_notADuration_namesTheSettingAndWhy() {
    assertThatThrownBy(() -> Durations.parseSetting("celador.x", "10"))
        .hasMessage(
            "celador.x must be a duration like 250ms, 1.5s or 1h30m: invalid duration '10':"
                + " missing unit (ns, us, ms, s, m, h or d)");
  }
}
