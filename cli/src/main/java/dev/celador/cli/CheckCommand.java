package dev.celador.cli;

import dev.celador.cli.output.DiagnosticsGithub;
import dev.celador.cli.output.DiagnosticsJson;
import dev.celador.cli.output.DiagnosticsSarif;
import dev.celador.engine.LoadResult;
import dev.celador.engine.internal.parse.PolicyLoader;
import dev.celador.verify.report.Palette;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celador check PATH...}: parse and type-check policies, report every problem. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Load and compile policies; print every diagnostic (stderr) and a summary (stdout).",
      "Directories are walked recursively; *_test.yaml suites are skipped (run them with 'test').",
      "Warnings (a policy without a binding, a variable never used, ...) do not fail the check",
      "unless --strict is given."
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 usage or I/O error (or no policy files found), 2 policy errors (and,"
          + " with --strict, warnings)."
    })
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand CeladorCommand parent;

  @Parameters(
      paramLabel = "PATH",
      arity = "1..*",
      description = "Policy files or directories; - reads one policy file from standard input.")
  List<Path> paths;

  @Option(
      names = {"-q", "--quiet"},
      description = "No summary on stdout; diagnostics still go to stderr, the exit code says it.")
  boolean quiet;

  @Mixin OutputOption output;
  @Mixin PolicyDefaultsOption policyDefaults;

  @Option(names = "--strict", description = "Treat warnings as errors (exit 2), for CI.")
  boolean strict;

  /** Where diagnostics go besides stderr: CI annotations on stdout. */
  enum Annotations {
    TEXT,
    GITHUB,
    SARIF
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = {
        "Diagnostics on stdout for CI: github (workflow commands: annotations on the pull",
        "request, then the summary) or sarif (SARIF 2.1.0 only, for code scanning uploads);",
        "text (default) prints only the summary there."
      })
  Annotations format;

  @Override
  public Integer call() {
    if (format != Annotations.TEXT && output.json()) {
      throw new UserException(
          "--format "
              + format.name().toLowerCase(Locale.ROOT)
              + " and --output json cannot be combined");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> policyPaths = withoutSuites(err);
    // With -o json the diagnostics are in the document; rendering them on stderr too said it twice.
    PrintWriter diagnostics = output.json() ? new PrintWriter(Writer.nullWriter()) : err;
    LoadResult result =
        PolicyLoading.load(
            policyPaths, parent.stdin(), diagnostics, policyDefaults.defaults(), strict);
    int files = result.sources().size();
    if (files == 0 && !result.ioError()) {
      // As `test` does when it finds no suites: checking nothing is a mistake in the arguments.
      err.println("celador: no policy files found in " + names(paths));
      err.flush();
      return ExitCodes.USAGE_OR_IO;
    }
    int policies = result.policyCount();
    if (output.json()) {
      out.print(
          output.document(
              DiagnosticsJson.render(
                  result.policySet().isPresent(), files, policies, result.diagnostics())));
    } else if (format == Annotations.SARIF) {
      out.print(DiagnosticsSarif.render(result.diagnostics()));
    } else {
      if (format == Annotations.GITHUB) {
        out.print(DiagnosticsGithub.render(result.diagnostics()));
      }
      if (!quiet) {
        out.println(summary(result, files, policies, parent.palette()));
      }
    }
    out.flush();
    return result.policySet().isPresent() ? ExitCodes.OK : PolicyLoading.failureExitCode(result);
  }

  /**
   * The paths without test suites named explicitly: a shell glob such as {@code *.yaml} names them,
   * and a directory walk would have skipped them.
   */
  private List<Path> withoutSuites(PrintWriter err) {
    List<Path> policies = new ArrayList<>();
    List<Path> suites = new ArrayList<>();
    for (Path path : paths) {
      (PolicyLoader.isTestSuite(path) && Files.isRegularFile(path) ? suites : policies).add(path);
    }
    if (suites.size() == 1) {
      err.println(
          "celador: skipping test suite " + suites.get(0) + " (run it with 'celador test')");
    } else if (!suites.isEmpty()) {
      err.println(
          "celador: skipping "
              + suites.size()
              + " test suites (run them with 'celador test'): "
              + names(suites));
    }
    err.flush();
    return policies;
  }

  private static String names(List<Path> paths) {
    return String.join(", ", paths.stream().map(Path::toString).toList());
  }

  /** {@code 3 files, 5 policies: OK} or {@code 2 errors, 1 warning}. */
  private static String summary(LoadResult result, int files, int policies, Palette palette) {
    long errors = PolicyLoading.errorCount(result);
    long warnings = PolicyLoading.warningCount(result);
    String warningText = warnings == 0 ? "" : PolicyLoading.count(warnings, "warning");
    if (result.policySet().isPresent()) {
      return PolicyLoading.count(files, "file")
          + ", "
          + PolicyLoading.count(policies, "policy", "policies")
          + ": "
          + palette.green("OK")
          + (warningText.isEmpty() ? "" : " (" + warningText + ")");
    }
    return palette.red(PolicyLoading.count(errors, "error"))
        + (warningText.isEmpty() ? "" : ", " + warningText);
  }
}
