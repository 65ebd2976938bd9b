package dev.celador.verify;

import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.ValidatingPolicy;
import dev.celador.engine.internal.parse.PolicyLoader;
import dev.celador.engine.internal.parse.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs policy test suites: finds them under the given paths, runs them in parallel on a bounded
 * pool, and collects the results in discovery order, so output never depends on thread timing. The
 * library behind {@code celador test} and the JUnit entry point.
 */
public final class PolicyTestRunner {

  /**
   * @param run only cases whose {@code suite/case} name contains a match of this pattern run
   * @param coverage whether to compute rule coverage; implied by a minimum
   * @param coverageMinimum the rule coverage (a percentage) below which the run fails
   * @param threads how many suites run at once, at least 1
   * @param policyDefaults the root namespace and default action the suites' policies load with, as
   *     {@code serve} would load them
   */
  public record Options(
      Optional<Pattern> run,
      boolean coverage,
      OptionalDouble coverageMinimum,
      int threads,
      PolicyDefaults policyDefaults) {

    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      coverage |= coverageMinimum.isPresent();
      policyDefaults = policyDefaults == null ? PolicyDefaults.DEFAULT : policyDefaults;
    }

    /** Options with the default root namespace and default action. */
    public Options(
        Optional<Pattern> run, boolean coverage, OptionalDouble coverageMinimum, int threads) {
      this(run, coverage, coverageMinimum, threads, PolicyDefaults.DEFAULT);
    }

    /** Every case, with coverage, on up to four threads. */
    public static Options defaults() {
      return new Options(Optional.empty(), true, OptionalDouble.empty(), defaultThreads());
    }

    /** As many threads as processors, up to four: suites are CPU-bound (CEL compilation). */
    public static int defaultThreads() {
      return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public Options withRun(Pattern pattern) {
      return new Options(Optional.of(pattern), coverage, coverageMinimum, threads, policyDefaults);
    }

    public Options withCoverageMinimum(double percent) {
      return new Options(run, true, OptionalDouble.of(percent), threads, policyDefaults);
    }
  }

  /** Told as each suite finishes, on the thread that ran it, for a progress display. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (finished, total) -> {};

    /**
     * @param finished suites finished so far, this one included
     * @param total suites found
     */
    void suiteFinished(int finished, int total);
  }

  private final Options options;

  private PolicyTestRunner(Options options) {
    this.options = options;
  }

  public static PolicyTestRunner create(Options options) {
    return new PolicyTestRunner(options);
  }

  public TestReport run(List<Path> paths) {
    return run(paths, Progress.NONE);
  }

  /** {@link #run(List)}, telling {@code progress} about each suite as it finishes. */
  public TestReport run(List<Path> paths, Progress progress) {
    SuiteFiles.Listing listing = SuiteFiles.find(paths);
    Predicate<String> filter =
        options
            .run()
            .map(p -> (Predicate<String>) name -> p.matcher(name).find())
            .orElse(n -> true);
    List<SuiteRunner.Outcome> outcomes =
        runAll(listing.suites(), new SuiteRunner(filter, options.policyDefaults()), progress);
    List<SuiteResult> results = new ArrayList<>();
    outcomes.forEach(outcome -> outcome.result().ifPresent(results::add));
    Optional<Coverage> coverage =
        options.coverage()
            ? Optional.of(coverage(outcomes, paths, options.coverageMinimum()))
            : Optional.empty();
    return new TestReport(results, !listing.suites().isEmpty(), listing.problems(), coverage);
  }

  private List<SuiteRunner.Outcome> runAll(
      List<Path> suites, SuiteRunner runner, Progress progress) {
    if (suites.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), suites.size()));
    AtomicInteger finished = new AtomicInteger();
    try {
      List<Future<SuiteRunner.Outcome>> futures = new ArrayList<>();
      for (Path suite : suites) {
        futures.add(
            pool.submit(
                () -> {
                  SuiteRunner.Outcome outcome = runner.run(suite);
                  progress.suiteFinished(finished.incrementAndGet(), suites.size());
                  return outcome;
                }));
      }
      List<SuiteRunner.Outcome> outcomes = new ArrayList<>();
      for (Future<SuiteRunner.Outcome> future : futures) {
        outcomes.add(get(future));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static SuiteRunner.Outcome get(Future<SuiteRunner.Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running suites", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The rules of every policy a suite loaded, plus those of policy files under the directories
   * tested that no suite loads (so an untested policy counts against coverage), and which matched.
   */
  private Coverage coverage(
      List<SuiteRunner.Outcome> outcomes, List<Path> paths, OptionalDouble minimum) {
    Map<String, RuleRef> rules = new LinkedHashMap<>();
    Set<String> matched = new java.util.HashSet<>();
    for (SuiteRunner.Outcome outcome : outcomes) {
      outcome.rules().forEach(rule -> rules.putIfAbsent(rule.key(), rule));
      matched.addAll(outcome.matched());
    }
    untested(paths, options.policyDefaults().tenancy())
        .forEach(rule -> rules.putIfAbsent(rule.key(), rule));
    Comparator<RuleRef> order = Comparator.comparing(RuleRef::location);
    List<RuleRef> all = rules.values().stream().sorted(order).toList();
    List<RuleRef> unmatched = all.stream().filter(rule -> !matched.contains(rule.key())).toList();
    return new Coverage(all, unmatched, minimum);
  }

  /**
   * Rules and validations of the policies under {@code paths}, read but not compiled; broken files
   * add none.
   */
  private static List<RuleRef> untested(List<Path> paths, Tenancy tenancy) {
    List<Path> directories = paths.stream().filter(Files::isDirectory).toList();
    if (directories.isEmpty()) {
      return List.of();
    }
    List<RuleRef> rules = new ArrayList<>();
    for (PolicyDocument document : new PolicyLoader(tenancy).load(directories).documents()) {
      if (document instanceof AccessPolicy policy) {
        for (AccessRule rule : policy.rules()) {
          rules.add(new RuleRef(policy.metadata().id(), rule.name(), rule.location()));
        }
      } else if (document instanceof ValidatingPolicy policy) {
        for (int i = 0; i < policy.validations().size(); i++) {
          rules.add(
              RuleRef.validation(
                  policy.metadata().name(),
                  i,
                  policy.validations().get(i).expression().location()));
        }
      } else if (document instanceof MutatingPolicy policy) {
        rules.addAll(RuleRef.of(policy));
      }
    }
    return rules;
  }
}
