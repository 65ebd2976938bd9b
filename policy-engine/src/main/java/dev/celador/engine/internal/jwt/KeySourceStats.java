package dev.celador.engine.internal.jwt;

import java.time.Instant;

/**
 * What a key source has done, for metrics and readiness; plain values so the engine stays free of a
 * metrics library.
 *
 * @param source the JWKS URI, the issuer for discovery, or "inline", "file:..." and "secret"
 * @param fetches fetches attempted (0 for keys fixed by the policy)
 * @param failures fetches that failed; the previous keys stayed in use
 * @param keys usable keys now
 * @param lastSuccess when keys were last fetched successfully, null if never
 * @param lastError why the latest fetch failed, "" when it succeeded
 * @param nextAttempt when the next background fetch is due, null if none is scheduled
 * @param keyWaitTimeouts requests that waited for a fetch (their token named a key the set lacked)
 *     and were answered with the keys at hand because it outlasted the fetch timeout
 */
public record KeySourceStats(
    String source,
    long fetches,
    long failures,
    int keys,
    Instant lastSuccess,
    String lastError,
    Instant nextAttempt,
    long keyWaitTimeouts) {

  /** The counters of a source that never fetches (keys fixed by the policy). */
  public static KeySourceStats fixed(String source, int keys) {
    return new KeySourceStats(source, 0, 0, keys, null, "", null, 0);
  }
}
