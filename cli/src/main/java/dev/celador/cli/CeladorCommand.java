package dev.celador.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code celador} command: the entry point of the shaded jar. */
@Command(
    name = "celador",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "CEL policy engine for Envoy ext_authz and Kubernetes admission.",
    subcommands = {ServeCommand.class, CheckCommand.class, EvalCommand.class, TestCommand.class},
    footer = {
      "",
      "Exit codes: 0 ok, 1 usage or I/O error (or nothing to check or run), 2 policy errors,"
          + " 3 test failures."
    })
public final class CeladorCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = ErrorReporter.DEBUG_OPTION,
      scope = ScopeType.INHERIT,
      description = "Print stack traces of internal errors.")
  boolean debug;

  public static void main(String[] args) {
    CommandLine command = commandLine();
    command.setOut(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    command.setErr(
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(command.execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine() {
    ErrorReporter errors = new ErrorReporter();
    return new CommandLine(new CeladorCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
  }

  /** {@code celador} without a subcommand: print usage and fail, as git does. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE_OR_IO;
  }
}
