package dev.celador.junit;

import dev.celador.verify.CaseResult;
import dev.celador.verify.Coverage;
import dev.celador.verify.PolicyTestRunner;
import dev.celador.verify.SuiteResult;
import dev.celador.verify.TestReport;
import dev.celador.verify.report.FailureText;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs PolicyTest suites as JUnit 5 dynamic tests: one container per suite, one test per case,
 * named after them, so a Java project's {@code mvn test} runs its policy tests and IDEs show each
 * case. A failed case fails with the same expected-versus-actual diff {@code celador test} prints.
 *
 * <pre>
 * class PolicySuitesTest {
 *   &#64;TestFactory
 *   Stream&lt;DynamicNode&gt; policies() {
 *     return PolicyTests.in(Path.of("src/main/policies")).requireCoverage(100).dynamicTests();
 *   }
 * }
 * </pre>
 *
 * The suites run when {@link #dynamicTests()} is called (in parallel, like {@code celador test});
 * the dynamic tests then report their results.
 */
public final class PolicyTests {

  private final List<Path> paths;
  private final Optional<Pattern> run;
  private final OptionalDouble coverageMinimum;

  private PolicyTests(List<Path> paths, Optional<Pattern> run, OptionalDouble coverageMinimum) {
    this.paths = List.copyOf(paths);
    this.run = run;
    this.coverageMinimum = coverageMinimum;
  }

  /** The suites found under {@code paths}: suite files, or directories searched recursively. */
  public static PolicyTests in(Path... paths) {
    if (paths.length == 0) {
      throw new IllegalArgumentException("give at least one path to search for suites");
    }
    return new PolicyTests(List.of(paths), Optional.empty(), OptionalDouble.empty());
  }

  /** Adds a test that fails when fewer than {@code percent} percent of the rules matched. */
  public PolicyTests requireCoverage(double percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("coverage must be between 0 and 100, got " + percent);
    }
    return new PolicyTests(paths, run, OptionalDouble.of(percent));
  }

  /** Only cases whose {@code suite/case} name contains a match of {@code regex}. */
  public PolicyTests run(String regex) {
    return new PolicyTests(paths, Optional.of(Pattern.compile(regex)), coverageMinimum);
  }

  /** Runs the suites and returns one container per suite, plus the coverage test if required. */
  public Stream<DynamicNode> dynamicTests() {
    PolicyTestRunner.Options options =
        new PolicyTestRunner.Options(
            run,
            coverageMinimum.isPresent(),
            coverageMinimum,
            PolicyTestRunner.Options.defaultThreads());
    TestReport report = PolicyTestRunner.create(options).run(paths);
    List<DynamicNode> nodes = new ArrayList<>();
    if (!report.problems().isEmpty() || !report.anySuiteFound()) {
      nodes.add(discoveryFailure(report));
    }
    report.suites().forEach(suite -> nodes.add(container(suite)));
    report
        .coverage()
        .filter(coverage -> coverage.minimum().isPresent())
        .ifPresent(coverage -> nodes.add(coverageTest(coverage)));
    return nodes.stream();
  }

  private DynamicNode discoveryFailure(TestReport report) {
    String message =
        report.problems().isEmpty()
            ? "no test suites (*_test.yaml) found in " + paths
            : report.problems().stream().map(d -> d.headline()).collect(Collectors.joining("\n"));
    return DynamicTest.dynamicTest(
        "find suites",
        () -> {
          throw new AssertionError(message);
        });
  }

  private static DynamicNode container(SuiteResult suite) {
    URI file = Path.of(suite.file()).toUri();
    if (suite.hasErrors()) {
      String errors = suite.renderDiagnostics();
      return DynamicContainer.dynamicContainer(
          suite.name(),
          file,
          Stream.of(
              DynamicTest.dynamicTest(
                  "load " + suite.file(),
                  file,
                  () -> {
                    throw new AssertionError("the suite cannot run:\n" + errors);
                  })));
    }
    return DynamicContainer.dynamicContainer(
        suite.name(), file, suite.cases().stream().map(PolicyTests::caseTest));
  }

  private static DynamicTest caseTest(CaseResult result) {
    URI source =
        URI.create(Path.of(result.location().file()).toUri() + "?line=" + result.location().line());
    return DynamicTest.dynamicTest(
        result.name(),
        source,
        () -> {
          if (!result.passed()) {
            throw new AssertionError(
                result.fullName() + " (" + result.location() + ")\n" + FailureText.of(result));
          }
        });
  }

  private static DynamicTest coverageTest(Coverage coverage) {
    return DynamicTest.dynamicTest(
        "rule coverage at least " + coverage.minimumText() + "%",
        () -> {
          if (!coverage.meetsMinimum()) {
            String unmatched =
                coverage.unmatched().stream()
                    .map(r -> r.gap() + ": " + r.location() + " " + r.describe())
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(
                "coverage "
                    + coverage.percentText()
                    + " is below the minimum of "
                    + coverage.minimumText()
                    + "%\n"
                    + unmatched);
          }
        });
  }
}
