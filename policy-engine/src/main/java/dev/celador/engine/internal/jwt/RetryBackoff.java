package dev.celador.engine.internal.jwt;

import java.time.Duration;

/**
 * Exponential back-off with jitter for a key source that has never had keys: a wrong URL or an
 * identity provider that is gone should not be asked every second forever, yet a source that starts
 * before its provider must still get keys soon after the provider comes up.
 *
 * @param first the delay after the first failure
 * @param cap the longest delay
 */
record RetryBackoff(Duration first, Duration cap) {

  static final RetryBackoff DEFAULT =
      new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  /**
   * The delay after {@code failures} consecutive failures (at least 1): {@code first} doubled per
   * further failure up to {@code cap}, then shortened by up to a quarter, by {@code random} in [0,
   * 1), so replicas that failed together do not retry together.
   */
  Duration delay(int failures, double random) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long nominal = Math.min(first.toMillis() << doublings, cap.toMillis());
    return Duration.ofMillis(nominal - (long) (nominal * 0.25 * random));
  }
}
