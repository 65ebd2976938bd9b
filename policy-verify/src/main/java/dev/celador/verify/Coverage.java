package dev.celador.verify;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Which rules and validations the cases exercised. A rule counts once some case's decision shows it
 * matching (deciding, or recorded as an audit match). A validation counts once some case made it
 * fail (its expression was false, whatever its binding's actions did with that): a validation no
 * case violates is one whose denial is untested. A rate limit counts once some request of a case
 * went over it (for a shadow limit: would have been denied); a limit never exceeded is one whose
 * 429 is untested. A mutation of a mutating admission policy counts once it changed some case's
 * object, and a match condition of one once it was false for some case (kept the policy away). The
 * percentage is over all of them together.
 *
 * @param rules every rule and validation of the policies under test, by location
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

  /** How many entries of {@code kind} there are. */
  public long count(RuleRef.Kind kind) {
    return rules.stream().filter(r -> r.kind() == kind).count();
  }

  /** How many entries of {@code kind} some case exercised. */
  public long covered(RuleRef.Kind kind) {
    return count(kind) - unmatched.stream().filter(r -> r.kind() == kind).count();
  }

  /**
   * {@code 3 of 4 rules matched}, {@code 5 of 5 validations failed in a case}, {@code 2 of 2 limits
   * exceeded in a case}, joined by commas, each only when there is one of its kind; rules alone
   * when there is nothing at all.
   */
  public String counts() {
    List<String> parts = new java.util.ArrayList<>();
    long rulesCount = count(RuleRef.Kind.RULE);
    if (rulesCount > 0 || rules.isEmpty()) {
      parts.add(covered(RuleRef.Kind.RULE) + " of " + rulesCount + " rules matched");
    }
    part(parts, RuleRef.Kind.VALIDATION, "validations failed in a case");
    part(parts, RuleRef.Kind.LIMIT, "limits exceeded in a case");
    part(parts, RuleRef.Kind.MUTATION, "mutations changed an object");
    part(parts, RuleRef.Kind.MATCH_CONDITION, "mutating match conditions false in a case");
    return String.join(", ", parts);
  }

  /** {@code 2 of 3 <what>} for the entries of {@code kind}, when there are any. */
  private void part(List<String> parts, RuleRef.Kind kind, String what) {
    long count = count(kind);
    if (count > 0) {
      parts.add(covered(kind) + " of " + count + " " + what);
    }
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
