package dev.celador.engine.parse;

import dev.celador.engine.model.PolicyDocument;
import dev.celador.engine.source.Diagnostic;
import java.util.List;

/** The documents a file held and every problem found in it. Documents with errors are left out. */
public record ParseResult(List<PolicyDocument> documents, List<Diagnostic> diagnostics) {

  public ParseResult {
    documents = List.copyOf(documents);
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
