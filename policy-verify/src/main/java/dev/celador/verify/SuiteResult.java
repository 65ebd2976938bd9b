package dev.celador.verify;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one suite went: its cases' results, or the errors that kept it from running (problems in the
 * suite file, or policies that do not load).
 *
 * @param name the suite's name, or its file name when the suite could not be read
 * @param sources the files the diagnostics are in, to quote their lines
 */
public record SuiteResult(
    String name,
    String file,
    List<CaseResult> cases,
    List<Diagnostic> diagnostics,
    Map<String, SourceFile> sources,
    Duration time) {

  public SuiteResult {
    cases = List.copyOf(cases);
    diagnostics = List.copyOf(diagnostics);
    sources = Map.copyOf(sources);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  public long passed() {
    return cases.stream().filter(CaseResult::passed).count();
  }

  public long failed() {
    return cases.size() - passed();
  }

  /** The diagnostics with their source lines and carets, as {@code celador check} prints them. */
  public String renderDiagnostics() {
    return diagnostics.stream()
        .map(d -> d.render(sources.get(d.location().file())))
        .collect(Collectors.joining("\n"));
  }
}
