package dev.celador.engine.internal.ratelimit;

import java.time.Duration;

/**
 * A GCRA rate: one request per {@code intervalNanos} on average, with up to {@code burst} at once.
 * The interval is {@code period / requests} rounded up to the next nanosecond (to the next
 * microsecond in Redis), so rounding can only make a limit stricter, never looser.
 *
 * @param requests requests per period, as written in the policy
 * @param period the policy's period
 * @param intervalNanos emission interval T
 * @param burst bucket capacity; the bucket remembers requests for {@code burst × T}
 */
public record GcraRate(long requests, Duration period, long intervalNanos, long burst) {

  public GcraRate {
    if (requests < 1 || burst < 1 || intervalNanos < 1) {
      throw new IllegalArgumentException("requests, burst and interval must be positive");
    }
  }

  public static GcraRate of(long requests, Duration period, long burst) {
    long periodNanos = period.toNanos();
    return new GcraRate(requests, period, ceilDiv(periodNanos, requests), burst);
  }

  /** The emission interval in whole microseconds, rounded up, for stores that count in µs. */
  public long intervalMicros() {
    return ceilDiv(intervalNanos, 1_000);
  }

  /** burst × T: how far ahead of now the theoretical arrival time may run. */
  public long horizonNanos() {
    return intervalNanos * burst;
  }

  /** {@code 100 per 1m, burst 20}, for reasons and logs. */
  public String describe() {
    return requests + " per " + format(period) + ", burst " + burst;
  }

  /** A duration the way policies spell it: {@code 1d}, {@code 90s}, {@code 250ms}. */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (nanos % sizes[i] == 0) {
        return nanos / sizes[i] + units[i];
      }
    }
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
  }

  static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
