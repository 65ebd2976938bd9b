package dev.celador.engine.internal.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The response headers of draft-ietf-httpapi-ratelimit-headers-11 (May 2026), which replaced the
 * earlier {@code RateLimit-Limit/-Remaining/-Reset} trio with two Structured Field lists:
 *
 * <pre>
 * RateLimit-Policy: "per-user";q=100;w=60;celador-burst=20
 * RateLimit: "per-user";r=0;t=3
 * Retry-After: 3
 * </pre>
 *
 * A GCRA limit is advertised as its rate ({@code q} requests per window {@code w} seconds) with its
 * capacity as the vendor parameter {@code celador-burst}; {@code r} is what the bucket would admit
 * now and {@code t} the seconds until it is full again (on a denial: until the next request is
 * admitted, equal to {@code Retry-After}). Key values are never sent ({@code pk} is left out),
 * since they may be credentials.
 */
public final class RateLimitHeaders {

  public static final String POLICY = "RateLimit-Policy";
  public static final String STATE = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private RateLimitHeaders() {}

  /**
   * The {@code RateLimit-Policy} item of a limit. The window must be whole seconds, so a period of
   * 500ms or 1.5s is advertised over the next whole second with the quota scaled down to match.
   */
  public static String policyItem(String name, GcraRate rate) {
    Duration period = rate.period();
    long window = Math.max(1, ceilSeconds(period.toNanos()));
    long quota = rate.requests();
    if (window * NANOS_PER_SECOND != period.toNanos()) {
      quota =
          java.math.BigInteger.valueOf(rate.requests())
              .multiply(java.math.BigInteger.valueOf(window * NANOS_PER_SECOND))
              .divide(java.math.BigInteger.valueOf(period.toNanos()))
              .longValue();
    }
    return quoted(name) + ";q=" + quota + ";w=" + window + ";celador-burst=" + rate.burst();
  }

  /** The {@code RateLimit} item for a bucket's state after a check. */
  public static String stateItem(String name, GcraResult result) {
    long t =
        result.allowed()
            ? ceilSeconds(result.resetAfterNanos())
            : retryAfterSeconds(result.retryAfterNanos());
    return quoted(name) + ";r=" + result.remaining() + ";t=" + t;
  }

  /** {@code Retry-After} in delay-seconds, rounded up and at least 1. */
  public static long retryAfterSeconds(long nanos) {
    return Math.max(1, ceilSeconds(nanos));
  }

  private static long ceilSeconds(long nanos) {
    return GcraRate.ceilDiv(Math.max(0, nanos), NANOS_PER_SECOND);
  }

  /** An sf-string; limit names are DNS labels, but escape anyway so the field always parses. */
  private static String quoted(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
