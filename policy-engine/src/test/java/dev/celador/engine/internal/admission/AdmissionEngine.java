package dev.celador.engine.internal.admission;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.parse.LoadedSources;
import dev.celador.engine.internal.parse.PolicyLoader;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.PolicyRevision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For this package's tests: loads admission policies and bindings with the same loader, parser and
 * compiler as {@link dev.celador.engine.PolicyEngine}, and only those. Production code loads
 * through the one engine ({@code LoadResult.admission()}).
 */
final class AdmissionEngine {

  private final PolicyLoader loader = new PolicyLoader();
  private final AdmissionPolicyCompiler compiler = new AdmissionPolicyCompiler();

  /** The compiled set when everything loaded without errors, and every diagnostic. */
  public record Loaded(Optional<CompiledAdmissionSet> set, List<Diagnostic> diagnostics) {}

  public Loaded load(List<Path> paths) {
    return compile(loader.load(paths));
  }

  /** Like {@link #load} for policy text already in memory (custom resources, for example). */
  public Loaded loadSources(List<SourceFile> files) {
    return compile(loader.loadSources(files));
  }

  private Loaded compile(LoadedSources sources) {
    List<Diagnostic> diagnostics = new ArrayList<>(sources.diagnostics());
    AdmissionPolicyCompiler.Result compiled =
        compiler.compile(sources.documents(), PolicyRevision.of(sources.sources()));
    diagnostics.addAll(compiled.diagnostics());
    diagnostics.addAll(compiler.check(sources.unchecked()));
    diagnostics.sort(null);
    boolean errors = diagnostics.stream().anyMatch(Diagnostic::isError) || sources.ioError();
    return new Loaded(errors ? Optional.empty() : compiled.set(), diagnostics);
  }
}
