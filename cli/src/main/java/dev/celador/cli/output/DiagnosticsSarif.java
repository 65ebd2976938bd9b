package dev.celador.cli.output;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code celador check --format sarif}: the diagnostics as one SARIF 2.1.0 run, for code scanning
 * uploads (GitHub's {@code upload-sarif}, GitLab, IDEs). Each diagnostic code is a rule; file names
 * are relative URIs as the user gave the paths, so run {@code check} from the repository root.
 */
public final class DiagnosticsSarif {

  private DiagnosticsSarif() {}

  public static String render(List<Diagnostic> diagnostics) {
    return Sarif.log(
        new TreeSet<>(diagnostics.stream().map(Diagnostic::code).toList()),
        json -> {
          for (Diagnostic diagnostic : diagnostics) {
            SourceLocation at = diagnostic.location();
            json.writeStartObject();
            json.writeStringProperty("ruleId", diagnostic.code());
            json.writeStringProperty("level", diagnostic.isError() ? "error" : "warning");
            json.writeObjectPropertyStart("message");
            json.writeStringProperty("text", diagnostic.message());
            json.writeEndObject();
            Sarif.locations(json, at.file(), at.line(), at.column());
            json.writeEndObject();
          }
        });
  }
}
