package dev.celador.engine;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of loading policies: the compiled sets if everything compiled (HTTP policies and
 * admission policies, present or absent together), all diagnostics, and the sources so diagnostics
 * can be shown with their lines.
 */
public record LoadResult(
    Optional<CompiledPolicySet> policySet,
    List<Diagnostic> diagnostics,
    Map<String, SourceFile> sources,
    boolean ioError,
    Optional<CompiledAdmissionSet> admission) {

  public LoadResult {
    diagnostics = List.copyOf(diagnostics);
    sources = Map.copyOf(sources);
  }

  /** A result without admission policies. */
  public LoadResult(
      Optional<CompiledPolicySet> policySet,
      List<Diagnostic> diagnostics,
      Map<String, SourceFile> sources,
      boolean ioError) {
    this(policySet, diagnostics, sources, ioError, Optional.empty());
  }

  /** HTTP and admission policies compiled, or -1 when the load failed. */
  public int policyCount() {
    return policySet
        .map(s -> s.size() + admission.map(CompiledAdmissionSet::policyCount).orElse(0))
        .orElse(-1);
  }

  public boolean hasErrors() {
    return policySet.isEmpty();
  }

  /**
   * This result with every warning made an error, for {@code check --strict}: a load with warnings
   * then has no policy set, as one with errors has none.
   */
  public LoadResult warningsAsErrors() {
    if (diagnostics.stream().allMatch(Diagnostic::isError)) {
      return this;
    }
    List<Diagnostic> promoted =
        diagnostics.stream()
            .map(d -> d.isError() ? d : Diagnostic.error(d.code(), d.location(), d.message()))
            .toList();
    return new LoadResult(Optional.empty(), promoted, sources, ioError, Optional.empty());
  }

  /** Every diagnostic with its source line and caret, one after another. */
  public String render() {
    return diagnostics.stream()
        .map(d -> d.render(sources.get(d.location().file())))
        .collect(Collectors.joining("\n"));
  }
}
