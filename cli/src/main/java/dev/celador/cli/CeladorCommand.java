package dev.celador.cli;

import dev.celador.verify.report.Palette;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    subcommands = {
      ServeCommand.class,
      CheckCommand.class,
      EvalCommand.class,
      ApplyCommand.class,
      AuditCommand.class,
      TestCommand.class,
      VersionCommand.class,
      CompletionCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 usage or I/O error (or nothing to check or run), 2 policy errors"
          + " (apply: or an invalid manifest), 3 test failures (apply: an object would be"
          + " denied)."
    })
public final class CeladorCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  private final Console console;

  private CeladorCommand(Console console) {
    this.console = console;
  }

  /** Standard input of this run, for {@code -} in place of a file. */
  StandardInput stdin() {
    return new StandardInput(console.stdin());
  }

  /** What this run was started in: terminals and environment. */
  Console console() {
    return console;
  }

  /** The colours of this run's output for people. */
  Palette palette() {
    boolean wanted =
        switch (color) {
          case ALWAYS -> true;
          case NEVER -> false;
          case AUTO ->
              console.terminal()
                  && console.env().getOrDefault("NO_COLOR", "").isEmpty()
                  && !"dumb".equals(console.env().get("TERM"));
        };
    return new Palette(wanted);
  }

  @Option(
      names = ErrorReporter.DEBUG_OPTION,
      scope = ScopeType.INHERIT,
      description = "Print stack traces of internal errors.")
  boolean debug;

  /** When to colour output; {@code auto}: stdout is a terminal, NO_COLOR unset, TERM not dumb. */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      scope = ScopeType.INHERIT,
      completionCandidates = ColorNames.class,
      description =
          "Colour output: auto (a terminal, NO_COLOR unset), always or never (default: auto).")
  ColorMode color = ColorMode.AUTO;

  /** The --color values as people type them, for completion scripts. */
  static final class ColorNames extends ArrayList<String> {
    ColorNames() {
      super(List.of("auto", "always", "never"));
    }
  }

  public static void main(String[] args) {
    CommandLine command = commandLine(Console.system());
    command.setOut(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    command.setErr(
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(command.execute(args));
  }

  /** The configured command line of this process. */
  public static CommandLine commandLine() {
    return commandLine(Console.system());
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine(Console console) {
    ErrorReporter errors = new ErrorReporter();
    return new CommandLine(new CeladorCommand(console))
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
