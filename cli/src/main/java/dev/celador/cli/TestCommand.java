package dev.celador.cli;

import dev.celador.cli.output.TestReportJson;
import dev.celador.verify.PolicyTestRunner;
import dev.celador.verify.TestReport;
import dev.celador.verify.report.JUnitXmlReporter;
import dev.celador.verify.report.TextReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celador test [PATH...]}: run the PolicyTest suites found under the paths. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run policy test suites (*_test.yaml).",
      "",
      "Each suite's policies are loaded and each case's decision is compared with its expect"
          + " block. Directories are walked recursively; hidden and testdata directories are"
          + " skipped. Suites run in parallel. Prints failures, errors and the counts; -v also"
          + " prints a line for every passing case."
    },
    footer = {
      "",
      "Exit codes: 0 all passed, 1 usage or I/O error (or no suites found, or no case matching"
          + " --run, or an unwritable --junit file when all passed), 2 suite or policy errors,"
          + " 3 test failures or coverage below --coverage-min."
    })
final class TestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand CeladorCommand parent;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Suite files or directories to search (default: the current directory).")
  List<Path> paths = List.of(Path.of("."));

  @Mixin OutputOption output;
  @Mixin PolicyDefaultsOption policyDefaults;

  @Option(
      names = "--run",
      paramLabel = "REGEX",
      description = "Run only cases whose 'suite/case' name contains a match of REGEX.")
  String run;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print a PASS line for every passing case too (default: failures only).")
  boolean verbose;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML to FILE.")
  Path junit;

  @Option(
      names = "--coverage",
      description = "Report rules that no case matched, by file:line, and the percentage.")
  boolean coverage;

  @Option(
      names = "--coverage-min",
      paramLabel = "PCT",
      description = "Fail (exit 3) when rule coverage is below PCT percent; implies --coverage.")
  Double coverageMin;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Suites run at once (default: processors, at most 4).")
  Integer parallel;

  @Override
  public Integer call() {
    PolicyTestRunner.Options options = options();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TestProgress progress = new TestProgress(err);
    TestReport report =
        PolicyTestRunner.create(options)
            .run(
                paths,
                !output.json() && parent.console().watchedErr()
                    ? progress
                    : PolicyTestRunner.Progress.NONE);
    progress.clear();
    if (!report.anySuiteFound() && report.problems().isEmpty()) {
      err.println("celador: no test suites (*_test.yaml) found in " + names(paths));
      err.flush();
      return ExitCodes.USAGE_OR_IO;
    }
    if (report.suites().isEmpty() && options.run().isPresent() && report.problems().isEmpty()) {
      // Running nothing passes nothing: a --run that selects no case is a usage mistake.
      err.println("celador: no cases match --run '" + run + "'");
      err.flush();
      return ExitCodes.USAGE_OR_IO;
    }
    out.print(
        output.json()
            ? output.document(TestReportJson.render(report))
            : new TextReporter(verbose, parent.palette()).render(report));
    out.flush();
    int exitCode =
        switch (report.verdict()) {
          case USAGE_OR_IO -> ExitCodes.USAGE_OR_IO;
          case ERRORS -> ExitCodes.POLICY_ERRORS;
          case FAILED -> ExitCodes.TEST_FAILURES;
          case PASSED -> ExitCodes.OK;
        };
    if (junit != null && !writeJunit(report, err)) {
      // The XML is missing, so CI must not pass; but failures or errors say more than the I/O.
      return exitCode == ExitCodes.OK ? ExitCodes.USAGE_OR_IO : exitCode;
    }
    return exitCode;
  }

  private PolicyTestRunner.Options options() {
    if (coverageMin != null && (coverageMin < 0 || coverageMin > 100 || coverageMin.isNaN())) {
      throw new UserException("--coverage-min must be between 0 and 100, got " + coverageMin);
    }
    if (parallel != null && parallel < 1) {
      throw new UserException("--parallel must be at least 1, got " + parallel);
    }
    Optional<Pattern> pattern = Optional.empty();
    if (run != null) {
      try {
        pattern = Optional.of(Pattern.compile(run));
      } catch (PatternSyntaxException e) {
        throw new UserException("--run: invalid regular expression: " + e.getDescription());
      }
    }
    return new PolicyTestRunner.Options(
        pattern,
        coverage,
        coverageMin == null ? OptionalDouble.empty() : OptionalDouble.of(coverageMin),
        parallel == null ? PolicyTestRunner.Options.defaultThreads() : parallel,
        policyDefaults.defaults());
  }

  /** Writes the JUnit XML; false, said on {@code err}, when it could not. */
  private boolean writeJunit(TestReport report, PrintWriter err) {
    try (Writer writer = Files.newBufferedWriter(junit, StandardCharsets.UTF_8)) {
      new JUnitXmlReporter().write(report, writer);
      return true;
    } catch (IOException e) {
      err.println("celador: cannot write " + junit + ": " + e);
      err.flush();
      return false;
    }
  }

  private static String names(List<Path> paths) {
    return String.join(", ", paths.stream().map(Path::toString).toList());
  }
}
