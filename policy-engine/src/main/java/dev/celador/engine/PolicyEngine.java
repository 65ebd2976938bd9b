package dev.celador.engine;

import dev.celador.engine.compile.CompilationResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.eval.AuthzRequest;
import dev.celador.engine.eval.CompiledPolicySet;
import dev.celador.engine.eval.Decision;
import dev.celador.engine.parse.LoadedSources;
import dev.celador.engine.parse.PolicyLoader;
import dev.celador.engine.ratelimit.RateLimitBackends;
import dev.celador.engine.source.Diagnostic;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one entry point: load policies from paths, then decide requests. The active policy set is
 * immutable and replaced atomically, so a reload never disturbs requests in flight; a load that
 * fails leaves the last good set in place.
 */
public final class PolicyEngine {

  private final PolicyLoader loader = new PolicyLoader();
  private final PolicyCompiler compiler;
  private final AtomicReference<CompiledPolicySet> active = new AtomicReference<>();

  private final RateLimitBackends rateLimits;

  private PolicyEngine(Clock clock, RateLimitBackends rateLimits) {
    this.rateLimits = rateLimits;
    this.compiler = new PolicyCompiler(clock, rateLimits);
  }

  /** An engine whose rate limits all run in this process (the embedded default). */
  public static PolicyEngine create(Clock clock) {
    return create(clock, RateLimitBackends.local());
  }

  /** An engine whose rate limits run on {@code rateLimits}, e.g. with Redis added by the server. */
  public static PolicyEngine create(Clock clock, RateLimitBackends rateLimits) {
    return new PolicyEngine(clock, rateLimits);
  }

  /** The rate-limit stores and their per-limit counters, for metrics. */
  public RateLimitBackends rateLimits() {
    return rateLimits;
  }

  /** Reads, parses and compiles {@code paths} without installing the result. */
  public LoadResult load(List<Path> paths) {
    LoadedSources sources = loader.load(paths);
    List<Diagnostic> diagnostics = new ArrayList<>(sources.diagnostics());
    boolean parseErrors = diagnostics.stream().anyMatch(Diagnostic::isError);
    CompilationResult compiled = compiler.compile(sources.documents());
    diagnostics.addAll(compiled.diagnostics());
    diagnostics.addAll(compiler.check(sources.unchecked()));
    diagnostics.sort(null);
    var set =
        parseErrors || sources.ioError()
            ? java.util.Optional.<CompiledPolicySet>empty()
            : compiled.policySet();
    return new LoadResult(set, diagnostics, sources.sources(), sources.ioError());
  }

  /** Loads {@code paths} and, if they compiled, makes them the active set. */
  public LoadResult reload(List<Path> paths) {
    LoadResult result = load(paths);
    result.policySet().ifPresent(active::set);
    return result;
  }

  /** Decides {@code request} against the active set; denies if no set was ever loaded. */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    CompiledPolicySet set = active.get();
    if (set == null) {
      throw new IllegalStateException("no policy set loaded");
    }
    return set.evaluate(request, trace);
  }
}
