package dev.celador.cli.output;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;

/**
 * {@code celador check --format github}: one GitHub Actions workflow command per diagnostic ({@code
 * ::error file=F,line=L,col=C,title=CODE::message}), which the runner shows as an annotation on
 * that line of the pull request.
 */
public final class DiagnosticsGithub {

  private DiagnosticsGithub() {}

  public static String render(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic diagnostic : diagnostics) {
      SourceLocation at = diagnostic.location();
      out.append("::")
          .append(diagnostic.isError() ? "error" : "warning")
          .append(" file=")
          .append(property(at.file()))
          .append(",line=")
          .append(at.line())
          .append(",col=")
          .append(at.column())
          .append(",title=")
          .append(property(diagnostic.code()))
          .append("::")
          .append(data(diagnostic.message()))
          .append('\n');
    }
    return out.toString();
  }

  /** The runner's escaping of a command's message: a newline would end the command. */
  private static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** A property value also escapes the separators of the property list. */
  private static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
