package dev.celador.cli;

import dev.celador.cli.output.DiagnosticsJson;
import dev.celador.engine.LoadResult;
import dev.celador.verify.report.Palette;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
      "Directories are walked recursively; *_test.yaml suites are skipped."
    },
    footer = {"", "Exit codes: 0 ok, 1 usage or I/O error, 2 policy errors."})
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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LoadResult result =
        PolicyLoading.load(
            paths, parent.stdin(), spec.commandLine().getErr(), policyDefaults.defaults());
    int files = result.sources().size();
    if (files == 0 && !result.ioError()) {
      spec.commandLine().getErr().println("celador: warning: no policy files found in " + paths);
    }
    int policies = result.policyCount();
    if (output.json()) {
      out.print(
          DiagnosticsJson.render(
              result.policySet().isPresent(), files, policies, result.diagnostics()));
    } else if (!quiet) {
      out.println(summary(result, files, policies, parent.palette()));
    }
    out.flush();
    return result.policySet().isPresent() ? ExitCodes.OK : PolicyLoading.failureExitCode(result);
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
