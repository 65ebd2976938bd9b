package dev.celador.engine.parse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Go-style durations ({@code 1s}, {@code 1m30s}, {@code 1.5h}, {@code 250ms}) plus {@code d}
 * for 24 hours, exactly, into nanoseconds. No sign, no spaces, at least one unit.
 */
public final class Durations {

  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");

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

  /** The duration {@code text} spells, or empty if it is not a duration; fractions of ns drop. */
  public static Optional<Duration> parse(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      BigDecimal amount = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
      end = m.end();
      if (end == text.length()) {
        break;
      }
      m.region(end, text.length());
    }
    if (end != text.length() || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }
}
