package dev.celador.engine.internal.ratelimit;

/**
 * What a bucket said about one request.
 *
 * @param allowed whether the request was admitted (and so spent from the bucket)
 * @param remaining requests the bucket would admit right now, after this one
 * @param retryAfterNanos when denied, how long until one request would be admitted; else 0
 * @param resetAfterNanos how long until the bucket is full again
 */
public record GcraResult(
    boolean allowed, long remaining, long retryAfterNanos, long resetAfterNanos) {

  public static GcraResult admitted(long remaining, long resetAfterNanos) {
    return new GcraResult(true, remaining, 0, resetAfterNanos);
  }

  public static GcraResult denied(long retryAfterNanos, long resetAfterNanos) {
    return new GcraResult(false, 0, retryAfterNanos, resetAfterNanos);
  }
}
