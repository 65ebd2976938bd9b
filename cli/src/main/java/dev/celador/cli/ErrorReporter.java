package dev.celador.cli;

import dev.celador.verify.request.RequestFileException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
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
    UnmatchedArgumentException.printSuggestions(ex, err);
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

  private static boolean debug(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(DEBUG_OPTION)) {
        return true;
      }
    }
    return false;
  }
}
