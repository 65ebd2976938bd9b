package dev.celador.verify;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.admission.MutatedRequest;
import dev.celador.engine.internal.admission.ValidationTrace;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.ratelimit.LocalRateLimitStore;
import dev.celador.engine.internal.ratelimit.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs one case against a compiled policy set and compares the outcome with the case's expectation.
 * Each kind of {@link TestCase} has its branch here.
 */
final class CaseRunner {

  /**
   * A case's result, and the rules that matched on the way, as {@link #ruleKey}, the validations
   * that failed, as {@link #validationKey}, the mutations that changed the object, as {@link
   * #mutationKey}, and the mutating match conditions that were false, as {@link #conditionKey}.
   */
  record Outcome(CaseResult result, Set<String> matchedRules) {}

  private final String suite;
  private final CompiledPolicySet set;
  private final CompiledAdmissionSet admission;
  private final LocalRateLimitStore buckets;
  private final ManualTicker ticker;

  /**
   * @param buckets the store of {@code set}'s local limits, emptied before each HTTP case
   * @param ticker the clock of {@code buckets}, moved by a case's {@code every}
   */
  CaseRunner(
      String suite,
      CompiledPolicySet set,
      CompiledAdmissionSet admission,
      LocalRateLimitStore buckets,
      ManualTicker ticker) {
    this.suite = suite;
    this.set = set;
    this.admission = admission;
    this.buckets = buckets;
    this.ticker = ticker;
  }

  Outcome run(TestCase testCase) {
    if (testCase instanceof HttpCase http) {
      return runHttp(http);
    }
    if (testCase instanceof AdmissionCase review) {
      return runAdmission(review);
    }
    throw new IllegalArgumentException("no runner for " + testCase.getClass().getSimpleName());
  }

  private Outcome runAdmission(AdmissionCase review) {
    long start = System.nanoTime();
    List<ValidationTrace> trace = new ArrayList<>();
    MutatedRequest mutated = admission.mutateForValidation(review.request(), review.context());
    // Validating policies judge the mutated object, as kube-apiserver runs them after mutation.
    AdmissionDecision decision =
        mutated.denial() != null
            ? mutated.denial()
            : admission.evaluate(mutated.request(), review.context(), trace::add);
    List<Mismatch> mismatches = new ArrayList<>(review.expect().check(decision));
    mismatches.addAll(review.expect().mutation().check(mutated));
    Duration time = Duration.ofNanos(System.nanoTime() - start);
    CaseResult result =
        new CaseResult(
            suite,
            review.name(),
            review.location(),
            new CheckedDecision.Admission(decision),
            mismatches,
            time);
    Set<String> exercised = new HashSet<>();
    trace.stream()
        .filter(ValidationTrace::failed)
        .forEach(v -> exercised.add(validationKey(v.policy(), v.index())));
    mutated.mutation().patches().stream()
        .filter(p -> !p.operations().isEmpty())
        .forEach(p -> exercised.add(mutationKey(p.policy(), p.mutation())));
    admission
        .falseMutationConditions(review.request(), mutated, review.context())
        .forEach(c -> exercised.add(conditionKey(c.policy(), c.index())));
    return new Outcome(result, exercised);
  }

  private Outcome runHttp(HttpCase http) {
    long start = System.nanoTime();
    Set<String> matched = new HashSet<>();
    List<Mismatch> mismatches = new ArrayList<>();
    Decision shown = null;
    RequestSequence sequence = http.sequence();
    // Rate-limit state never leaks from one case into the next.
    buckets.clear();
    for (int n = 1; n <= sequence.repeat(); n++) {
      if (n > 1) {
        ticker.advance(sequence.every());
      }
      Decision decision = set.evaluate(http.request(), true);
      matched.addAll(matchedRules(decision));
      List<Mismatch> found = new ArrayList<>();
      if (sequence.isLimited(n)) {
        found.addAll(RequestSequence.LIMITED.check(decision));
        found.addAll(sequence.whenLimited().check(decision));
      } else {
        found.addAll(http.expect().check(decision));
      }
      shown = decision;
      if (!found.isEmpty()) {
        // The first request that went wrong is the one worth showing; later ones add nothing.
        int request = n;
        boolean sequenced = sequence.repeat() > 1;
        found.stream().map(m -> sequenced ? m.inRequest(request) : m).forEach(mismatches::add);
        break;
      }
    }
    Duration time = Duration.ofNanos(System.nanoTime() - start);
    CaseResult result =
        new CaseResult(
            suite, http.name(), http.location(), new CheckedDecision.Http(shown), mismatches, time);
    return new Outcome(result, matched);
  }

  /**
   * The rules that matched, as {@link #ruleKey}, and the limits gone over, as {@link #limitKey}.
   */
  private static Set<String> matchedRules(Decision decision) {
    Set<String> matched = new HashSet<>();
    Stream.concat(decision.trace().stream(), decision.audits().stream())
        .forEach(
            entry -> {
              if (entry.result() == TraceEntry.Result.MATCH) {
                matched.add(ruleKey(entry.policy(), entry.rule()));
              } else if (entry.result() == TraceEntry.Result.OVER_LIMIT) {
                matched.add(limitKey(entry.policy(), entry.rule()));
              }
            });
    return matched;
  }

  static String ruleKey(String policy, String rule) {
    return policy + '\0' + rule;
  }

  /** The key of a rate limit; RateLimitPolicy names have their own space. */
  static String limitKey(String policy, String limit) {
    return ruleKey("limit:" + policy, limit);
  }

  /** The key of a mutating policy's mutation, which coverage counts once it changed an object. */
  static String mutationKey(String policy, int index) {
    return ruleKey("mutating:" + policy, RuleRef.mutation(policy, index, null).rule());
  }

  /** The key of a mutating policy's match condition, counted once it was false for a request. */
  static String conditionKey(String policy, int index) {
    return ruleKey("mutating:" + policy, RuleRef.matchCondition(policy, index, null).rule());
  }

  /** The key of an admission policy's validation; admission policy names have their own space. */
  static String validationKey(String policy, int index) {
    return ruleKey("admission:" + policy, "spec.validations[" + index + "]");
  }
}
