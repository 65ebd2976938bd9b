package dev.celador.engine.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexSizeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
        "^/api/v[0-9]+/(orders|users)/[^/]+$",
        "(?i)^bearer\\s+[A-Za-z0-9._~+/-]+=*$",
        "a{1000}",
        "\\p{L}+\\d{2,4}",
        "(?P<year>\\d{4})-(?P<month>\\d{2})",
        "[]a]{3}|x{2,}",
        "\\Qa{1000}{1000}\\E"
      })
  void estimate_ordinaryPatterns_isAtLeastRe2jsProgramAndUnderTheLimit(String pattern) {
    long estimate = RegexSize.estimate(pattern, Long.MAX_VALUE);
    assertThat(estimate).isLessThanOrEqualTo(CelLimits.MAX_REGEX_PROGRAM_SIZE);
    // within a small factor of what RE2J builds, so the limit means the same thing
    int program = Pattern.compile(pattern).programSize();
    assertThat(estimate * 3 + 10).isGreaterThanOrEqualTo(program);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(((a{100}){100}){100})",
        "((a{1000}){1000})",
        "(a{100}|b){100}",
        "(?:x{70}){80}",
        "[ab]{1000}[cd]{1000}[ef]{1000}[gh]{1000}[ij]{1000}[kl]{1000}"
      })
  void check_expandingPatterns_refusedWithoutCompiling(String pattern) {
    assertThatThrownBy(() -> RegexSize.check(pattern, CelLimits.MAX_REGEX_PROGRAM_SIZE))
        .hasMessageContaining("exceeds allowed program size");
  }

  @ParameterizedTest
  @ValueSource(strings = {"(", ")", "a{", "a{1,", "[", "\\", "a{99999999999}", "(?", "x{2}{3}"})
  void estimate_malformedPatterns_returnsWithoutFailing(String pattern) {
    assertThat(RegexSize.estimate(pattern, 5_000)).isNotNegative();
  }
}
