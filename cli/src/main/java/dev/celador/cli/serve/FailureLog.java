package dev.celador.cli.serve;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warn lines for failures that can repeat thousands of times a second (a Redis with a wrong
 * password fails every check, a flood of bad tokens fails every request), rate-limited per key: the
 * first failure of a key is logged at once, later ones at most once per interval, with {@code
 * suppressed} counting those left out since the previous line. A failure must never be silent, and
 * a log must never be a flood an attacker can cause.
 *
 * <p>Keys are a source and cause (a key source, a Redis failure cause, a policy and JWT failure
 * code), bounded by the policy set; the oldest are forgotten beyond {@link #MAX_KEYS}.
 */
final class FailureLog {

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  static final int MAX_KEYS = 1_000;

  private final JsonLog log;
  private final InstantSource clock;
  private final Duration interval;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private static final class Entry {
    Instant logged;
    long suppressed;
  }

  FailureLog(JsonLog log, InstantSource clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.interval = interval;
  }

  /** Logs {@code msg} with {@code fields}, unless {@code key} was logged within the interval. */
  void report(String key, String msg, Map<String, ?> fields) {
    long suppressed;
    synchronized (this) {
      Instant now = clock.instant();
      Entry entry = entries.get(key);
      if (entry == null) {
        if (entries.size() >= MAX_KEYS) {
          entries.remove(entries.keySet().iterator().next());
        }
        entry = new Entry();
        entries.put(key, entry);
      } else if (now.isBefore(entry.logged.plus(interval))) {
        entry.suppressed++;
        return;
      }
      suppressed = entry.suppressed;
      entry.logged = now;
      entry.suppressed = 0;
    }
    Map<String, Object> line = new LinkedHashMap<>(fields);
    line.put("suppressed", suppressed);
    log.warn(msg, line);
  }
}
