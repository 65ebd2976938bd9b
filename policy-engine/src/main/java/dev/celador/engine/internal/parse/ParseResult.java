package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;

/**
 * The documents a file held and every problem found in it. Documents with errors are left out, but
 * their CEL expressions are kept in {@code unchecked} so the compiler can still report on them.
 */
public record ParseResult(
    List<PolicyDocument> documents,
    List<Diagnostic> diagnostics,
    List<UncheckedExpression> unchecked) {

  public ParseResult {
    documents = List.copyOf(documents);
    diagnostics = List.copyOf(diagnostics);
    unchecked = List.copyOf(unchecked);
  }

  public ParseResult(List<PolicyDocument> documents, List<Diagnostic> diagnostics) {
    this(documents, diagnostics, List.of());
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
