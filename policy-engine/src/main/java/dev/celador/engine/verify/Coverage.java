package dev.celador.engine.verify;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Which rules the cases exercised: a rule counts once some case's decision shows it matching
 * (deciding, or recorded as an audit match).
 *
 * @param rules every rule of the policies under test, by location
 * @param unmatched the rules no case matched, by location
 * @param minimum the percentage required, if any
 */
public record Coverage(List<RuleRef> rules, List<RuleRef> unmatched, OptionalDouble minimum) {

  public Coverage {
    rules = List.copyOf(rules);
    unmatched = List.copyOf(unmatched);
  }

  /** False when a minimum is set and coverage is below it. */
  public boolean meetsMinimum() {
    return minimum.isEmpty() || percent() >= minimum.getAsDouble();
  }

  /** The minimum as a user wrote it: {@code 100}, {@code 87.5}. */
  public String minimumText() {
    double min = minimum.orElse(0);
    return min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min);
  }

  public int matched() {
    return rules.size() - unmatched.size();
  }

  /** Matched rules as a percentage; 100 when there are no rules at all. */
  public double percent() {
    return rules.isEmpty() ? 100.0 : 100.0 * matched() / rules.size();
  }

  /** {@code 92.3%}: one decimal, rounded down so that 99.96% never shows as 100.0%. */
  public String percentText() {
    double tenths = Math.floor(percent() * 10) / 10;
    return String.format(java.util.Locale.ROOT, "%.1f%%", tenths);
  }
}
