package dev.celador.verify;

import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicy;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.eval.CompiledRateLimitPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.RateLimit;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.ratelimit.LocalRateLimitStore;
import dev.celador.engine.internal.ratelimit.ManualTicker;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs one suite: reads it, loads its policies with its frozen clock, and runs the cases the filter
 * selects. Also reports the suite's rules and which of them matched, for coverage.
 */
final class SuiteRunner {

  /**
   * @param result empty when the filter selected none of a readable suite's cases
   * @param rules every rule of the suite's policies
   * @param matched keys ({@link RuleRef#key()}) of the rules some case matched
   */
  record Outcome(Optional<SuiteResult> result, List<RuleRef> rules, Set<String> matched) {}

  private final Predicate<String> filter;

  private final PolicyDefaults defaults;

  SuiteRunner(Predicate<String> filter, PolicyDefaults defaults) {
    this.filter = filter;
    this.defaults = defaults;
  }

  Outcome run(Path path) {
    long start = System.nanoTime();
    SuiteReader.Read read = new SuiteReader().read(path);
    if (read.suite().isEmpty()) {
      return errors(read.file(), read, List.of(), Map.of(), start);
    }
    PolicyTestSuite suite = read.suite().get();
    List<TestCase> selected =
        suite.cases().stream().filter(c -> filter.test(suite.name() + "/" + c.name())).toList();
    if (selected.isEmpty()) {
      return new Outcome(Optional.empty(), List.of(), Set.of());
    }
    Clock clock =
        suite.now().map(now -> Clock.fixed(now, ZoneOffset.UTC)).orElse(Clock.systemUTC());
    // Local limits only, on a ticker the cases move: redis limits run here too, exactly.
    ManualTicker ticker = new ManualTicker();
    LocalRateLimitStore buckets = new LocalRateLimitStore(ticker);
    SuitePolicies loaded =
        SuitePolicies.load(
            suite.policies(),
            clock,
            RateLimitBackends.local(buckets),
            suite.pinnedJwks(),
            defaults);
    if (!loaded.loaded()) {
      return errors(suite.name(), read, loaded.diagnostics(), loaded.sources(), start);
    }
    CompiledPolicySet set = loaded.http().orElseThrow();
    Map<String, RuleRef> rules = rules(set);
    rules.putAll(validations(loaded.admission().orElseThrow()));
    rules.putAll(mutations(loaded.admission().orElseThrow()));
    rules.putAll(limits(set));
    CaseRunner runner =
        new CaseRunner(suite.name(), set, loaded.admission().orElseThrow(), buckets, ticker);
    List<CaseResult> results = new ArrayList<>();
    Set<String> matched = new HashSet<>();
    for (TestCase testCase : selected) {
      CaseRunner.Outcome outcome = runner.run(testCase);
      results.add(outcome.result());
      outcome.matchedRules().stream()
          .map(rules::get)
          .filter(java.util.Objects::nonNull)
          .forEach(rule -> matched.add(rule.key()));
    }
    SuiteResult result =
        new SuiteResult(
            suite.name(), suite.file(), results, List.of(), read.sources(), elapsed(start));
    return new Outcome(Optional.of(result), List.copyOf(rules.values()), matched);
  }

  /** Every rule of {@code set}, by {@link CaseRunner#ruleKey}. */
  private static Map<String, RuleRef> rules(CompiledPolicySet set) {
    Map<String, RuleRef> rules = new HashMap<>();
    for (CompiledPolicy policy : set.policies()) {
      for (AccessRule rule : policy.source().rules()) {
        rules.put(
            CaseRunner.ruleKey(policy.id(), rule.name()),
            new RuleRef(policy.id(), rule.name(), rule.location()));
      }
    }
    return rules;
  }

  /** Every limit of the RateLimitPolicies in {@code set}, by {@link CaseRunner#limitKey}. */
  private static Map<String, RuleRef> limits(CompiledPolicySet set) {
    Map<String, RuleRef> limits = new HashMap<>();
    for (CompiledRateLimitPolicy policy : set.rateLimitPolicies()) {
      for (RateLimit limit : policy.source().limits()) {
        limits.put(
            CaseRunner.limitKey(policy.id(), limit.name()),
            RuleRef.limit(policy.id(), limit.name(), limit.location()));
      }
    }
    return limits;
  }

  /**
   * Every validation of the admission policies in {@code set}, by {@link CaseRunner#validationKey}.
   */
  private static Map<String, RuleRef> validations(CompiledAdmissionSet set) {
    Map<String, RuleRef> validations = new HashMap<>();
    for (ValidatingPolicy policy : set.policies()) {
      String name = policy.metadata().name();
      for (int i = 0; i < policy.validations().size(); i++) {
        validations.put(
            CaseRunner.validationKey(name, i),
            RuleRef.validation(name, i, policy.validations().get(i).expression().location()));
      }
    }
    return validations;
  }

  /**
   * Every mutation and match condition of the mutating policies in {@code set}, by {@link
   * CaseRunner#mutationKey} and {@link CaseRunner#conditionKey}.
   */
  private static Map<String, RuleRef> mutations(CompiledAdmissionSet set) {
    Map<String, RuleRef> refs = new HashMap<>();
    for (MutatingPolicy policy : set.mutatingPolicies()) {
      for (RuleRef ref : RuleRef.of(policy)) {
        refs.put(CaseRunner.ruleKey("mutating:" + ref.policy(), ref.rule()), ref);
      }
    }
    return refs;
  }

  private static Outcome errors(
      String name,
      SuiteReader.Read read,
      List<dev.celador.engine.internal.source.Diagnostic> more,
      Map<String, SourceFile> moreSources,
      long start) {
    var diagnostics = new ArrayList<>(read.diagnostics());
    diagnostics.addAll(more);
    Map<String, SourceFile> sources = new HashMap<>(read.sources());
    sources.putAll(moreSources);
    SuiteResult result =
        new SuiteResult(name, read.file(), List.of(), diagnostics, sources, elapsed(start));
    return new Outcome(Optional.of(result), List.of(), Set.of());
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
