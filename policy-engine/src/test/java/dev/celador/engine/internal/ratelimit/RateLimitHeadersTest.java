package dev.celador.engine.internal.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {

  @ParameterizedTest
  @CsvSource({
    "100, PT1M, 100, '\"l\";q=100;w=60;celador-burst=100'",
    "10, PT0.5S, 3, '\"l\";q=20;w=1;celador-burst=3'",
    "1, PT1.5S, 1, '\"l\";q=1;w=2;celador-burst=1'",
    "1000, P1D, 50, '\"l\";q=1000;w=86400;celador-burst=50'"
  })
  void policyItem_rate_advertisesWholeSecondWindow(
      long requests, Duration period, long burst, String expected) {
    assertThat(RateLimitHeaders.policyItem("l", GcraRate.of(requests, period, burst)))
        .isEqualTo(expected);
  }

  @Test
  void stateItem_admitted_givesRemainingAndSecondsUntilFull() {
    GcraResult result = GcraResult.admitted(7, Duration.ofMillis(2_100).toNanos());

    assertThat(RateLimitHeaders.stateItem("per-user", result)).isEqualTo("\"per-user\";r=7;t=3");
  }

  @Test
  void stateItem_denied_givesRetryAfterAsWindow() {
    GcraResult result =
        GcraResult.denied(Duration.ofMillis(200).toNanos(), Duration.ofSeconds(9).toNanos());

    assertThat(RateLimitHeaders.stateItem("per-user", result)).isEqualTo("\"per-user\";r=0;t=1");
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "999999999, 1", "1000000000, 1", "1000000001, 2", "30000000000, 30"})
  void retryAfterSeconds_nanos_roundsUpToAtLeastOne(long nanos, long seconds) {
    assertThat(RateLimitHeaders.retryAfterSeconds(nanos)).isEqualTo(seconds);
  }

  @Test
  void describe_rate_readsLikeThePolicy() {
    assertThat(GcraRate.of(10, Duration.ofSeconds(90), 5).describe())
        .isEqualTo("10 per 90s, burst 5");
    assertThat(GcraRate.of(3, Duration.ofMillis(250), 3).describe())
        .isEqualTo("3 per 250ms, burst 3");
  }

  @Test
  void of_periodNotDivisible_roundsTheIntervalUp() {
    GcraRate rate = GcraRate.of(3, Duration.ofSeconds(1), 1);

    assertThat(rate.intervalNanos()).isEqualTo(333_333_334L);
    assertThat(rate.intervalMicros()).isEqualTo(333_334L);
  }
}
