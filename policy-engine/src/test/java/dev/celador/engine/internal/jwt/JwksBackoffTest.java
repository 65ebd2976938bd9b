package dev.celador.engine.internal.jwt;

import static dev.celador.engine.internal.jwt.TestTokens.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retry delays of a key source, read from the scheduler it hands them to: the test runs each retry
 * itself instead of waiting for it, so no test sleeps through a back-off.
 */
class JwksBackoffTest {

  private final MutableClock clock = new MutableClock(NOW);
  private final Recording executor = new Recording();
  private JwksServer server;
  private KeySources sources;

  @BeforeEach
  void start() throws Exception {
    server = new JwksServer(TestTokens.jwks(TestTokens.rsa("rsa-1")));
    server.setMode(JwksServer.Mode.FAIL);
    sources =
        new KeySources(
            clock, JwksOptions.defaults().withFetchTimeout(Duration.ofSeconds(1)), executor);
  }

  @AfterEach
  void stop() {
    sources.close();
    server.close();
  }

  @Test
  void delay_consecutiveFailures_doublesFromOneSecondToFiveMinutes() {
    RetryBackoff backoff = RetryBackoff.DEFAULT;

    assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(9, 0)).isEqualTo(Duration.ofSeconds(256));
    assertThat(backoff.delay(10, 0)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.delay(1_000, 0)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.delay(10, 0.999)).isBetween(Duration.ofSeconds(225), Duration.ofMinutes(5));
  }

  @Test
  void retry_sourceNeverHadKeys_delaysGrowToTheCapThenRefreshIntervalAfterSuccess()
      throws Exception {
    KeySource source =
        sources.sourceFor(
            Issuers.issuer(TestTokens.ISSUER, KeySourceSpec.Kind.JWKS_URI, server.jwksUri()));
    source.firstFetch().get(10, TimeUnit.SECONDS);

    List<Duration> delays = new ArrayList<>();
    delays.add(executor.nextDelay());
    for (int i = 0; i < 11; i++) {
      executor.runLast();
      delays.add(executor.nextDelay());
    }

    for (int i = 0; i < delays.size(); i++) {
      long nominal = Math.min(1_000L << i, 300_000L);
      assertThat(delays.get(i).toMillis())
          .as("delay after failure %d", i + 1)
          .isBetween(nominal * 3 / 4, nominal);
    }
    assertThat(server.jwksHits()).isEqualTo(12);
    assertThat(source.stats().failures()).isEqualTo(12);
    assertThat(source.stats().nextAttempt()).isEqualTo(NOW.plus(delays.get(11)));

    server.setMode(JwksServer.Mode.SERVE);
    executor.runLast();
    assertThat(executor.nextDelay()).isEqualTo(JwksOptions.defaults().refreshInterval());
    assertThat(source.current().size()).isEqualTo(1);
  }

  @Test
  void retry_sourceThatHadKeysFails_retriesAfterTheMinimumInterval() throws Exception {
    server.setMode(JwksServer.Mode.SERVE);
    KeySource source =
        sources.sourceFor(
            Issuers.issuer(TestTokens.ISSUER, KeySourceSpec.Kind.JWKS_URI, server.jwksUri()));
    source.firstFetch().get(10, TimeUnit.SECONDS);
    assertThat(executor.nextDelay()).isEqualTo(JwksOptions.defaults().refreshInterval());

    server.setMode(JwksServer.Mode.FAIL);
    for (int i = 0; i < 3; i++) {
      executor.runLast();
      assertThat(executor.nextDelay()).isEqualTo(JwksOptions.defaults().minRefetchInterval());
    }
    assertThat(source.current().size()).isEqualTo(1);
  }

  /**
   * Runs what the HTTP client hands it at once, and records delayed tasks (the source's retries)
   * without running them; the test runs them by {@link #runLast}.
   */
  private static final class Recording extends ScheduledThreadPoolExecutor {
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final BlockingQueue<Duration> delays = new LinkedBlockingQueue<>();
    private Runnable last;

    Recording() {
      super(2);
      setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      if (delay <= 0) {
        return super.schedule(command, delay, unit);
      }
      tasks.add(command);
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      if (delay <= 0) {
        return super.schedule(callable, delay, unit);
      }
      tasks.add(
          () -> {
            try {
              callable.call();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      delays.add(Duration.ofNanos(unit.toNanos(delay)));
      return super.schedule(() -> null, 1, TimeUnit.DAYS);
    }

    /** The delay of the next retry the source schedules (its fetch finishes asynchronously). */
    Duration nextDelay() throws InterruptedException {
      Duration delay = delays.poll(10, TimeUnit.SECONDS);
      assertThat(delay).as("a retry was scheduled").isNotNull();
      last = tasks.poll();
      return delay;
    }

    /** Runs the retry recorded last, as the scheduler would once its delay passed. */
    void runLast() {
      last.run();
    }
  }
}
