package dev.celador.cli.serve;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Warn lines for failures that can repeat thousands of times a second (a Redis with a wrong
 * password fails every check, a flood of bad tokens fails every request), rate-limited per key: the
 * first failure of a key is logged at once, later ones at most once per interval, with {@code
 * suppressed} counting those left out since the previous line. A failure must never be silent, and
 * a log must never be a flood an attacker can cause.
 *
 * <p>A suppressed failure costs one map lookup and two atomic operations, no lock: it runs on
 * request threads. Keys are a source and cause (a key source, a Redis failure cause, a policy and
 * JWT failure code), bounded by the policy set; past {@link #MAX_KEYS} all are forgotten at once.
 */
final class FailureLog {

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  static final int MAX_KEYS = 1_000;

  private final Logger log;
  private final InstantSource clock;
  private final long intervalMillis;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** When the key was last logged (epoch millis, or Long.MIN_VALUE) and what was left out since. */
  private static final class Entry {
    final AtomicLong logged = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }

  FailureLog(Logger log, InstantSource clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Logs {@code msg} with {@code fields}, unless {@code key} was logged within the interval. */
  void report(String key, String msg, Map<String, ?> fields) {
    Entry entry = entries.get(key);
    if (entry == null) {
      if (entries.size() >= MAX_KEYS) {
        entries.clear();
      }
      entry = entries.computeIfAbsent(key, k -> new Entry());
    }
    long now = clock.millis();
    long last = entry.logged.get();
    // Only the thread that moves the time forward logs; the others count themselves suppressed.
    if ((last != Long.MIN_VALUE && now - last < intervalMillis)
        || !entry.logged.compareAndSet(last, now)) {
      entry.suppressed.incrementAndGet();
      return;
    }
    LoggingEventBuilder line = log.atWarn();
    fields.forEach(line::addKeyValue);
    line.addKeyValue("suppressed", entry.suppressed.getAndSet(0)).log(msg);
  }
}
