package dev.celador.engine.internal.ratelimit;

/**
 * One limit of a request, as its store checks it.
 *
 * @param shadow a shadow limit: checked (and spent) only if every enforced limit sent with it
 *     admitted the request, never denies it
 */
public record LimitCheck(BucketKey bucket, GcraRate rate, boolean shadow) {

  public static LimitCheck enforced(BucketKey bucket, GcraRate rate) {
    return new LimitCheck(bucket, rate, false);
  }
}
