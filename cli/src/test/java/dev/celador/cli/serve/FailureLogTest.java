package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Failure lines: the first at once, then at most one per key and interval, counting the rest. */
class FailureLogTest {

  private static final String LOGGER = FailureLogTest.class.getName();
  private final LogCapture log = new LogCapture(LOGGER);
  private volatile Instant now = Instant.parse("2026-12-07T00:00:00Z");
  private final FailureLog failures =
      new FailureLog(LoggerFactory.getLogger(LOGGER), () -> now, Duration.ofSeconds(60));

  @AfterEach
  void detach() {
    log.close();
  }

  private List<String> lines() {
    return log.lines();
  }

  @Test
  void report_manyFailuresOfOneKey_oneLinePerIntervalWithTheSuppressedCount() {
    for (int i = 0; i < 1_000; i++) {
      failures.report("redis auth", "rate-limit store error", Map.of("cause", "auth"));
    }
    assertThat(lines()).singleElement().asString().contains("\"suppressed\":0");

    now = now.plusSeconds(59);
    failures.report("redis auth", "rate-limit store error", Map.of("cause", "auth"));
    assertThat(lines()).hasSize(1);

    now = now.plusSeconds(1);
    failures.report("redis auth", "rate-limit store error", Map.of("cause", "auth"));
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1))
        .contains("\"level\":\"warn\"")
        .contains("\"cause\":\"auth\"")
        .contains("\"suppressed\":1000");
  }

  @Test
  void report_concurrentFailuresOfOneKey_exactlyOneLineAndAllOthersCounted() throws Exception {
    int threads = 8;
    int each = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    failures.report("jwt shop/sso expired", "jwt authentication failed", Map.of());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    now = now.plusSeconds(60);
    failures.report("jwt shop/sso expired", "jwt authentication failed", Map.of());

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1)).contains("\"suppressed\":" + (threads * each - 1));
  }

  @Test
  void report_differentKeys_eachLoggedAtOnce() {
    failures.report("redis auth", "rate-limit store error", Map.of());
    failures.report("redis timeout", "rate-limit store error", Map.of());
    failures.report("jwks https://idp/keys", "jwks fetch failed", Map.of());

    assertThat(lines()).hasSize(3);
  }

  @Test
  void report_moreKeysThanTheBound_forgottenAndLoggedAgain() {
    for (int i = 0; i <= FailureLog.MAX_KEYS; i++) {
      failures.report("key " + i, "failed", Map.of());
    }
    failures.report("key 0", "failed", Map.of());
    failures.report("key " + FailureLog.MAX_KEYS, "failed", Map.of());

    assertThat(lines()).hasSize(FailureLog.MAX_KEYS + 2);
  }
}
