package dev.celador.cli;

import dev.celador.cli.serve.ClosestName;
import dev.celador.verify.request.RequestFileException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into one-line messages and exit codes: bad flags and user errors exit 1 without
 * a stack trace; anything unexpected prints one line and the trace only with {@code --debug}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

  static final String DEBUG_OPTION = "--debug";

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("celador: " + ex.getMessage());
    suggestion(ex).ifPresent(name -> err.println("did you mean '" + name + "'?"));
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE_OR_IO;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (ex instanceof UserException || ex instanceof RequestFileException) {
      err.println("celador: " + ex.getMessage());
    } else {
      err.println("celador: internal error: " + ex);
      if (debug(parseResult)) {
        ex.printStackTrace(err);
      } else {
        err.println("(run with " + DEBUG_OPTION + " for details)");
      }
    }
    err.flush();
    return ExitCodes.USAGE_OR_IO;
  }

  /**
   * The subcommand or option nearest to an unknown one, by the same measure as settings' hints
   * (picocli's own suggestions offer unrelated names, "serve" for "tset").
   */
  private static Optional<String> suggestion(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException unmatched)
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String given = unmatched.getUnmatched().get(0);
    CommandSpec spec = ex.getCommandLine().getCommandSpec();
    if (given.startsWith("--")) {
      String name = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
      return ClosestName.of(
          name, spec.optionsMap().keySet().stream().filter(n -> n.startsWith("--")).toList());
    }
    if (given.startsWith("-")) {
      return Optional.empty(); // one letter: every other letter is as near, no hint is better
    }
    return ClosestName.of(given, spec.subcommands().keySet());
  }

  private static boolean debug(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(DEBUG_OPTION)) {
        return true;
      }
    }
    return false;
  }
}
