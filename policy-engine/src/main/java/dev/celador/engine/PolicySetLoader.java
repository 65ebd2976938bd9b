package dev.celador.engine;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionPolicyCompiler;
import dev.celador.engine.internal.compile.CompilationResult;
import dev.celador.engine.internal.compile.PolicyCompiler;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.parse.LoadedSources;
import dev.celador.engine.internal.parse.PolicyLoader;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.PolicyRevision;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads, parses and compiles policies (HTTP and admission in one pass) into a {@link LoadResult},
 * installing nothing. {@link PolicyEngine} loads through one; the policy test runner (module
 * policy-verify) builds its own with key sources that pin test keys, which is why this is public.
 */
public final class PolicySetLoader {

  private final PolicyLoader loader;
  private final PolicyCompiler compiler;
  private final AdmissionPolicyCompiler admissionCompiler = new AdmissionPolicyCompiler();

  /** Compiles JwtAuthentication policies against {@code keySources}, which the caller owns. */
  public PolicySetLoader(
      Clock clock, KeySources keySources, RateLimitBackends rateLimits, PolicyDefaults defaults) {
    this.loader = new PolicyLoader(defaults.tenancy());
    this.compiler = new PolicyCompiler(clock, keySources, rateLimits, defaults.unselected());
  }

  /** Reads, parses and compiles {@code paths}. */
  public LoadResult load(List<Path> paths) {
    return compile(loader.load(paths));
  }

  /**
   * Parses and compiles policy text already in memory (custom resources read from the API server,
   * say); diagnostics name each source as they would a file.
   */
  public LoadResult loadSources(List<SourceFile> files) {
    return compile(loader.loadSources(files));
  }

  private LoadResult compile(LoadedSources sources) {
    List<Diagnostic> diagnostics = new ArrayList<>(sources.diagnostics());
    boolean parseErrors = diagnostics.stream().anyMatch(Diagnostic::isError);
    CompilationResult compiled = compiler.compile(sources.documents());
    diagnostics.addAll(compiled.diagnostics());
    diagnostics.addAll(compiler.check(sources.unchecked()));
    // Admission policies compile in the same load, so `check` reports their CEL mistakes too.
    AdmissionPolicyCompiler.Result admission =
        admissionCompiler.compile(sources.documents(), PolicyRevision.of(sources.sources()));
    diagnostics.addAll(admission.diagnostics());
    diagnostics.addAll(admissionCompiler.check(sources.unchecked()));
    diagnostics.sort(null);
    boolean failed = parseErrors || sources.ioError() || admission.set().isEmpty();
    Optional<CompiledPolicySet> set = failed ? Optional.empty() : compiled.policySet();
    return new LoadResult(
        set,
        diagnostics,
        sources.sources(),
        sources.ioError(),
        set.isEmpty() ? Optional.empty() : admission.set());
  }
}
