package dev.celador.engine.internal.compile;

import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of compiling a set of documents: the compiled set when there were no errors, and
 * every diagnostic (errors and warnings) either way.
 */
public record CompilationResult(
    Optional<CompiledPolicySet> policySet, List<Diagnostic> diagnostics) {

  public CompilationResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return policySet.isEmpty();
  }
}
