package dev.celador.verify;

import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.source.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What coverage counts: a rule of an AccessPolicy, a validation of an admission policy, a limit of
 * a RateLimitPolicy, or a mutation or match condition of a mutating admission policy.
 *
 * @param rule the rule's or limit's name, or {@code spec.validations[i]}, {@code
 *     spec.mutations[i]}, {@code spec.matchConditions[i]}
 * @param location where the rule, or the validation's expression, is written
 */
public record RuleRef(String policy, String rule, SourceLocation location, Kind kind) {

  /**
   * A rule is covered once some case matched it, a validation once some case made it fail, a limit
   * once some request of a case went over it, a mutation once it changed some case's object, a
   * mutating policy's match condition once it was false for some case.
   */
  public enum Kind {
    RULE,
    VALIDATION,
    LIMIT,
    MUTATION,
    MATCH_CONDITION
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

  /** Mutation {@code index} of mutating admission policy {@code policy}. */
  public static RuleRef mutation(String policy, int index, SourceLocation location) {
    return new RuleRef(policy, "spec.mutations[" + index + "]", location, Kind.MUTATION);
  }

  /** Match condition {@code index} of mutating admission policy {@code policy}. */
  public static RuleRef matchCondition(String policy, int index, SourceLocation location) {
    return new RuleRef(
        policy, "spec.matchConditions[" + index + "]", location, Kind.MATCH_CONDITION);
  }

  /** The mutations and match conditions of {@code policy}, which coverage counts. */
  public static List<RuleRef> of(MutatingPolicy policy) {
    String name = policy.metadata().name();
    List<RuleRef> refs = new ArrayList<>();
    for (int i = 0; i < policy.mutations().size(); i++) {
      refs.add(mutation(name, i, policy.mutations().get(i).expression().location()));
    }
    for (int i = 0; i < policy.matchConditions().size(); i++) {
      refs.add(matchCondition(name, i, policy.matchConditions().get(i).expression().location()));
    }
    return refs;
  }

  /**
   * {@code shop/orders rule frontend-reads}, {@code replicas spec.validations[0]}, or {@code
   * shop/api limit per-user}.
   */
  public String describe() {
    return switch (kind) {
      case RULE -> policy + " rule " + rule;
      case VALIDATION, MUTATION, MATCH_CONDITION -> policy + " " + rule;
      case LIMIT -> policy + " limit " + rule;
    };
  }

  /**
   * What an uncovered entry lacks: {@code never matched}, {@code never failed}, {@code never
   * exceeded}, {@code never changed an object} or {@code never false}.
   */
  public String gap() {
    return switch (kind) {
      case RULE -> "never matched";
      case VALIDATION -> "never failed";
      case LIMIT -> "never exceeded";
      case MUTATION -> "never changed an object";
      case MATCH_CONDITION -> "never false";
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
