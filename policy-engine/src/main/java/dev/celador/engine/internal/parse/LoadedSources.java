package dev.celador.engine.internal.parse;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;

/**
 * What {@link PolicyLoader} read.
 *
 * @param sources every file read, by the name diagnostics use for it
 * @param documents every document parsed without errors, in file then document order
 * @param diagnostics every problem found, sorted
 * @param ioError true when a path could not be read at all (missing, unreadable): a usage or I/O
 *     problem rather than a policy problem
 * @param unchecked CEL expressions of documents that failed to parse, still worth type-checking
 */
public record LoadedSources(
    Map<String, SourceFile> sources,
    List<PolicyDocument> documents,
    List<Diagnostic> diagnostics,
    boolean ioError,
    List<UncheckedExpression> unchecked) {

  public LoadedSources {
    sources = Map.copyOf(sources);
    documents = List.copyOf(documents);
    diagnostics = List.copyOf(diagnostics);
    unchecked = List.copyOf(unchecked);
  }
}
