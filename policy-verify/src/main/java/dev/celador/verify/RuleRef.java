package dev.celador.verify;

import dev.celador.engine.source.SourceLocation;
import java.nio.file.Path;

/**
 * What coverage counts: a rule of an AccessPolicy, a validation of an admission policy, or a limit
 * of a RateLimitPolicy.
 *
 * @param rule the rule's or limit's name, or {@code spec.validations[i]}
 * @param location where the rule, or the validation's expression, is written
 */
public record RuleRef(String policy, String rule, SourceLocation location, Kind kind) {

  /**
   * A rule is covered once some case matched it, a validation once some case made it fail, a limit
   * once some request of a case went over it.
   */
  public enum Kind {
    RULE,
    VALIDATION,
    LIMIT
  }

  /** A rule of an AccessPolicy. */
  public RuleRef(String policy, String rule, SourceLocation location) {
    this(policy, rule, location, Kind.RULE);
  }

  /** Validation {@code index} of admission policy {@code policy}. */
  public static RuleRef validation(String policy, int index, SourceLocation location) {
    return new RuleRef(policy, "spec.validations[" + index + "]", location, Kind.VALIDATION);
  }

  /** Limit {@code name} of RateLimitPolicy {@code policy}. */
  public static RuleRef limit(String policy, String name, SourceLocation location) {
    return new RuleRef(policy, name, location, Kind.LIMIT);
  }

  /**
   * {@code shop/orders rule frontend-reads}, {@code replicas spec.validations[0]}, or {@code
   * shop/api limit per-user}.
   */
  public String describe() {
    return switch (kind) {
      case RULE -> policy + " rule " + rule;
      case VALIDATION -> policy + " " + rule;
      case LIMIT -> policy + " limit " + rule;
    };
  }

  /**
   * What an uncovered entry lacks: {@code never matched}, {@code never failed}, or {@code never
   * exceeded}.
   */
  public String gap() {
    return switch (kind) {
      case RULE -> "never matched";
      case VALIDATION -> "never failed";
      case LIMIT -> "never exceeded";
    };
  }

  /**
   * What identifies a rule across suites: its place on disk. Two suites may name the same file by
   * different relative paths.
   */
  String key() {
    Path file = Path.of(location.file()).toAbsolutePath().normalize();
    return file + ":" + location.line() + ":" + location.column();
  }
}
