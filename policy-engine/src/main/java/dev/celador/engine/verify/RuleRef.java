package dev.celador.engine.verify;

import dev.celador.engine.source.SourceLocation;
import java.nio.file.Path;

/**
 * What coverage counts: a rule of an AccessPolicy, or a validation of an admission policy.
 *
 * @param rule the rule's name, or {@code spec.validations[i]}
 * @param location where the rule, or the validation's expression, is written
 */
public record RuleRef(String policy, String rule, SourceLocation location, Kind kind) {

  /** A rule is covered once some case matched it, a validation once some case made it fail. */
  public enum Kind {
    RULE,
    VALIDATION
  }

  /** A rule of an AccessPolicy. */
  public RuleRef(String policy, String rule, SourceLocation location) {
    this(policy, rule, location, Kind.RULE);
  }

  /** Validation {@code index} of admission policy {@code policy}. */
  public static RuleRef validation(String policy, int index, SourceLocation location) {
    return new RuleRef(policy, "spec.validations[" + index + "]", location, Kind.VALIDATION);
  }

  /** {@code shop/orders rule frontend-reads}, or {@code replicas spec.validations[0]}. */
  public String describe() {
    return policy + (kind == Kind.RULE ? " rule " : " ") + rule;
  }

  /** What an uncovered entry lacks: {@code never matched}, or {@code never failed}. */
  public String gap() {
    return kind == Kind.RULE ? "never matched" : "never failed";
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
