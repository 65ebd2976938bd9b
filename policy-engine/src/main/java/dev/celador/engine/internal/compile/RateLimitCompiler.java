package dev.celador.engine.internal.compile;

import dev.cel.common.types.SimpleType;
import dev.celador.engine.internal.cel.CompiledExpression;
import dev.celador.engine.internal.cel.ExpressionCompiler;
import dev.celador.engine.internal.eval.CompiledRateLimitPolicy;
import dev.celador.engine.internal.eval.TargetMatcher;
import dev.celador.engine.internal.model.RateLimit;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.ratelimit.CompiledLimit;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.ratelimit.RateLimitHeaders;
import dev.celador.engine.internal.source.Diagnostics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compiles rate-limit policies: type-checks key and when, binds each limit to its store. */
final class RateLimitCompiler {

  private final ExpressionCompiler expressions;
  private final RateLimitBackends backends;

  RateLimitCompiler(ExpressionCompiler expressions, RateLimitBackends backends) {
    this.expressions = expressions;
    this.backends = backends;
  }

  /** The policies compiled, in id order; those with errors are left out (errors reported). */
  List<CompiledRateLimitPolicy> compile(List<RateLimitPolicy> policies, Diagnostics diagnostics) {
    List<RateLimitPolicy> sorted =
        policies.stream().sorted(Comparator.comparing(p -> p.metadata().id())).toList();
    List<CompiledRateLimitPolicy> compiled = new ArrayList<>();
    for (RateLimitPolicy policy : sorted) {
      List<CompiledLimit> limits = new ArrayList<>();
      boolean ok = true;
      for (RateLimit limit : policy.limits()) {
        CompiledLimit one = compileLimit(policy, limit, diagnostics);
        ok &= one != null;
        limits.add(one);
      }
      if (ok) {
        compiled.add(
            new CompiledRateLimitPolicy(
                compiled.size(), policy, new TargetMatcher(policy.target()), limits));
      }
    }
    return compiled;
  }

  private CompiledLimit compileLimit(
      RateLimitPolicy policy, RateLimit limit, Diagnostics diagnostics) {
    String what = "limit '" + limit.name() + "': ";
    var key = expressions.compile(limit.key(), SimpleType.STRING, what + "key");
    diagnostics.addAll(key.diagnostics());
    CompiledExpression when = null;
    boolean whenOk = true;
    if (limit.when().isPresent()) {
      var result = expressions.compile(limit.when().get(), SimpleType.BOOL, what + "when");
      diagnostics.addAll(result.diagnostics());
      when = result.expression();
      whenOk = result.ok();
    }
    if (!key.ok() || !whenOk) {
      return null;
    }
    String id = policy.metadata().id() + "/" + limit.name();
    GcraRate rate = GcraRate.of(limit.requests(), limit.period(), limit.burst());
    return new CompiledLimit(
        limit,
        id,
        key.expression(),
        when,
        rate,
        backends.store(limit.backend()),
        backends.metrics().counters(id),
        RateLimitHeaders.policyItem(limit.name(), rate));
  }
}
