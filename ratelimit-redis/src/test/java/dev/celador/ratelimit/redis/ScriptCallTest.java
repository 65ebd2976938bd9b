package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.ratelimit.GcraResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one script run is sent for a batch, and what its one number per check stands for. */
class ScriptCallTest {

  private static CheckBatcher.Pending request(String[] keys, long... rates) {
    return new CheckBatcher.Pending(keys, rates, null, null, null);
  }

  @Test
  void of_requestsSharingABucket_sendItsKeyAndRateOnce() {
    ScriptCall call =
        ScriptCall.of(
            List.of(
                request(new String[] {"hot", "a"}, 100, 5, 200, 1),
                request(new String[] {"hot"}, 100, 5),
                request(new String[] {"b", "hot", "shadow"}, 300, 2, 100, 5, 400, -3)));

    assertThat(call.keys()).containsExactly("hot", "a", "b", "shadow");
    assertThat(call.args())
        .containsExactly(
            "3", // requests
            "100", "5", "200", "1", "300", "2", "400", "-3", // per bucket: interval, signed burst
            "2", "1", "2", // per request: checks, then bucket numbers
            "1", "1", "3", "3", "1", "4");
  }

  @Test
  void of_oneKeyAtTwoRates_sendsItOncePerRate() {
    ScriptCall call =
        ScriptCall.of(
            List.of(request(new String[] {"k"}, 100, 5), request(new String[] {"k"}, 100, 7)));

    assertThat(call.keys()).containsExactly("k", "k");
    assertThat(call.args()).containsExactly("2", "100", "5", "100", "7", "1", "1", "1", "2");
  }

  @Test
  void result_positive_admittedWithTheRemainingCountTheResetImplies() {
    // T = 100 µs, burst 5: the TAT 300 µs ahead leaves room for 2 more.
    GcraResult result = CheckBatcher.result(300, 100, 5);

    assertThat(result.allowed()).isTrue();
    assertThat(result.remaining()).isEqualTo(2);
    assertThat(result.resetAfterNanos()).isEqualTo(300_000);
  }

  @Test
  void result_negative_deniedUntilOneIntervalFits() {
    // T = 100 µs, burst 5 (a shadow's negated burst counts the same): TAT 450 µs ahead, so the
    // next request fits once it is 400 µs ahead, 50 µs from now.
    GcraResult result = CheckBatcher.result(-450, 100, -5);

    assertThat(result.allowed()).isFalse();
    assertThat(result.retryAfterNanos()).isEqualTo(50_000);
    assertThat(result.resetAfterNanos()).isEqualTo(450_000);
  }

  @Test
  void result_zero_notChecked() {
    assertThat(CheckBatcher.result(0, 100, -5)).isNull();
  }
}
