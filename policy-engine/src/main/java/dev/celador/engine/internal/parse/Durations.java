package dev.celador.engine.internal.parse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Celador's one duration syntax, for policies and settings alike: Go's {@code time.ParseDuration}
 * (the syntax Kubernetes and Envoy users already write), plus {@code d} for 24 hours.
 *
 * <ul>
 *   <li>An optional sign, then one or more decimal numbers each followed by a unit: {@code 300ms},
 *       {@code -1.5h}, {@code 2h45m}, {@code .5s}, {@code 1h2m3s4ms5us6ns}.
 *   <li>Units, case-sensitive: {@code ns}, {@code us} (or {@code µs}, {@code μs}), {@code ms},
 *       {@code s}, {@code m}, {@code h}, and {@code d} = 24h (not Go's: rate limit periods and
 *       certificate lifetimes were documented with it before this class was Go's syntax).
 *   <li>{@code 0} (with or without a sign) is the only number that needs no unit.
 *   <li>No spaces, no exponents, no ISO-8601. The range is Go's: -2<sup>63</sup> ns to
 *       2<sup>63</sup>-1 ns (about 292 years).
 *   <li>Fractions are converted as Go converts them (through a double), so every text gives the
 *       same nanoseconds here as in Go.
 * </ul>
 *
 * <p>Callers decide what is in range for them (most refuse negative durations).
 */
public final class Durations {

  /** 2<sup>63</sup> as an unsigned long: Go's bound for the magnitude. */
  private static final long LIMIT = Long.MIN_VALUE;

  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L,
          "d", 86_400_000_000_000L);

  private Durations() {}

  /** The duration {@code text} spells, or empty if it is not one. */
  public static Optional<Duration> parse(String text) {
    try {
      return Optional.of(parseOrThrow(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The duration {@code text} spells.
   *
   * @throws IllegalArgumentException saying what is wrong ("missing unit in '5'")
   */
  public static Duration parseOrThrow(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "not a duration");
    }
    long total = 0; // unsigned, at most LIMIT
    int i = 0;
    while (i < s.length()) {
      int start = i;
      long whole = 0;
      while (i < s.length() && isDigit(s.charAt(i))) {
        if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, 10)) > 0) {
          throw invalid(text, "out of range");
        }
        whole = whole * 10 + (s.charAt(i++) - '0');
        if (Long.compareUnsigned(whole, LIMIT) > 0) {
          throw invalid(text, "out of range");
        }
      }
      boolean digits = i > start;
      long fraction = 0;
      double scale = 1;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        boolean overflow = false;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
          digits = true;
          // Like Go: digits beyond what a long holds are read but no longer counted.
          long next = fraction * 10 + (s.charAt(i) - '0');
          if (overflow || fraction > Long.MAX_VALUE / 10 || Long.compareUnsigned(next, LIMIT) > 0) {
            overflow = true;
            continue;
          }
          fraction = next;
          scale *= 10;
        }
      }
      if (!digits) {
        throw invalid(text, "expected a number at '" + s.substring(start) + "'");
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw invalid(text, "missing unit (ns, us, ms, s, m, h or d)");
      }
      String unitText = s.substring(unitStart, i);
      Long unit = NANOS_PER_UNIT.get(unitText);
      if (unit == null) {
        throw invalid(text, "unknown unit '" + unitText + "' (ns, us, ms, s, m, h or d)");
      }
      if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
        throw invalid(text, "out of range");
      }
      long part = whole * unit;
      if (fraction != 0) {
        // The only "negative" fraction is 2^63 read as unsigned.
        double f = fraction > 0 ? fraction : 0x1p63;
        // Below one unit, so it fits a long; truncated toward zero as Go's uint64 conversion.
        part += (long) (f * (unit / scale));
        if (Long.compareUnsigned(part, LIMIT) > 0) {
          throw invalid(text, "out of range");
        }
      }
      if (Long.compareUnsigned(part, LIMIT - total) > 0) {
        throw invalid(text, "out of range");
      }
      total += part;
    }
    if (negative) {
      return Duration.ofNanos(-total); // -LIMIT wraps to Long.MIN_VALUE, Go's minimum
    }
    if (total == LIMIT) {
      throw invalid(text, "out of range");
    }
    return Duration.ofNanos(total);
  }

  /**
   * A setting's duration, which may not be negative.
   *
   * @throws IllegalArgumentException naming {@code setting} and saying what is wrong
   */
  public static Duration parseSetting(String setting, String text) {
    Duration d;
    try {
      d = parseOrThrow(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting + " must be a duration like 250ms, 1.5s or 1h30m: " + e.getMessage(), e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(setting + " must not be negative, got '" + text + "'");
    }
    return d;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration '" + text + "': " + why);
  }
}
