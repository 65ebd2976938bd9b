package dev.celador.verify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How often a case sends its request, how far the rate limiter's clock moves between requests, and
 * which of those requests must be rate limited.
 *
 * <p>Request {@code i} (1-based) must be refused with 429 when {@code i} is in {@code limited}, and
 * meet {@code whenLimited} too; every other request must meet the case's {@code expect}. Each case
 * starts with empty rate-limit buckets and sends its first request at the suite's {@code now}.
 *
 * @param repeat how many times the request is sent, at least 1
 * @param limited 1-based numbers of the requests that must be rate limited
 * @param every how far time moves before each request after the first; zero: all at once
 * @param whenLimited more that a limited request must meet, e.g. its {@code Retry-After}
 */
public record RequestSequence(
    int repeat, Set<Integer> limited, Duration every, HttpExpectation whenLimited) {

  /** The HTTP status of a rate-limited request. */
  public static final int TOO_MANY_REQUESTS = 429;

  /** What every limited request must be: denied with 429. */
  static final HttpExpectation LIMITED =
      new HttpExpectation(
          Optional.of(false),
          Optional.of(TOO_MANY_REQUESTS),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          List.of(),
          Optional.empty());

  /** No more than {@link #LIMITED}: the default of {@code expectLimited}. */
  static final HttpExpectation NOTHING_MORE =
      new HttpExpectation(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          List.of(),
          Optional.empty());

  /** One request, not limited: the usual case. */
  public static final RequestSequence ONCE = new RequestSequence(1, Set.of());

  public RequestSequence {
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
    if (every.isNegative()) {
      throw new IllegalArgumentException("every must not be negative, got " + every);
    }
    limited = Set.copyOf(new TreeSet<>(limited));
  }

  /** {@code repeat} requests all at once, the limited ones only checked for their 429. */
  public RequestSequence(int repeat, Set<Integer> limited) {
    this(repeat, limited, Duration.ZERO, NOTHING_MORE);
  }

  public boolean isLimited(int request) {
    return limited.contains(request);
  }
}
