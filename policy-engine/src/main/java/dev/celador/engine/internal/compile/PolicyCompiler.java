package dev.celador.engine.internal.compile;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.cel.CompiledExpression;
import dev.celador.engine.internal.cel.ExpressionCompiler;
import dev.celador.engine.internal.eval.CompiledHeader;
import dev.celador.engine.internal.eval.CompiledJwtPolicy;
import dev.celador.engine.internal.eval.CompiledPolicy;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.eval.CompiledRule;
import dev.celador.engine.internal.eval.TargetMatcher;
import dev.celador.engine.internal.jwt.JwtVerifier;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.HeaderValue;
import dev.celador.engine.internal.model.JwtAuthentication;
import dev.celador.engine.internal.model.PolicyDocument;
import dev.celador.engine.internal.model.RateLimitPolicy;
import dev.celador.engine.internal.parse.UncheckedExpression;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.Diagnostics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Type-checks every expression of a policy set once, collecting every diagnostic rather than
 * stopping at the first, and builds the immutable evaluator when there are no errors.
 */
public final class PolicyCompiler {

  private final Clock clock;
  private final ExpressionCompiler expressions = new ExpressionCompiler();
  private final JwtPolicyCompiler jwt;
  private final RateLimitCompiler rateLimits;
  private final DefaultAction unselected;

  /** A compiler with its own key sources, default JWKS options and local rate-limit store. */
  public PolicyCompiler(Clock clock) {
    this(clock, new KeySources(clock, JwksOptions.defaults()));
  }

  /**
   * @param keySources where JwtAuthentication issuers get their keys; remote key sets are shared by
   *     every set compiled with the same instance
   */
  public PolicyCompiler(Clock clock, KeySources keySources) {
    this(clock, keySources, RateLimitBackends.local());
  }

  /** A compiler with its own key sources whose rate limits run on {@code backends}. */
  public PolicyCompiler(Clock clock, RateLimitBackends backends) {
    this(clock, new KeySources(clock, JwksOptions.defaults()), backends);
  }

  /**
   * @param keySources where JwtAuthentication issuers get their keys
   * @param backends the stores rate limits run on; share one across compilations so buckets survive
   *     reloads
   */
  public PolicyCompiler(Clock clock, KeySources keySources, RateLimitBackends backends) {
    this(clock, keySources, backends, DefaultAction.ALLOW);
  }

  /**
   * @param unselected what a request gets that no enforced access policy selects
   */
  public PolicyCompiler(
      Clock clock, KeySources keySources, RateLimitBackends backends, DefaultAction unselected) {
    this.clock = clock;
    this.unselected = unselected;
    this.jwt = new JwtPolicyCompiler(keySources);
    this.rateLimits = new RateLimitCompiler(expressions, backends);
  }

  public CompilationResult compile(List<PolicyDocument> documents) {
    Diagnostics diagnostics = new Diagnostics();
    List<AccessPolicy> accessPolicies = new ArrayList<>();
    List<JwtAuthentication> jwtPolicies = new ArrayList<>();
    List<RateLimitPolicy> rateLimitPolicies = new ArrayList<>();
    for (PolicyDocument document : documents) {
      if (document instanceof AccessPolicy policy) {
        accessPolicies.add(policy);
      } else if (document instanceof JwtAuthentication policy) {
        jwtPolicies.add(policy);
      } else if (document instanceof RateLimitPolicy policy) {
        rateLimitPolicies.add(policy);
      }
    }
    // Evaluation order is by id, so results never depend on file names or load order.
    accessPolicies.sort(Comparator.comparing((AccessPolicy p) -> p.metadata().id()));
    List<CompiledPolicy> compiled = new ArrayList<>();
    for (AccessPolicy policy : accessPolicies) {
      compilePolicy(compiled.size(), policy, diagnostics).ifPresent(compiled::add);
    }
    jwtPolicies.sort(Comparator.comparing((JwtAuthentication p) -> p.metadata().id()));
    List<CompiledJwtPolicy> authentication = new ArrayList<>();
    for (JwtAuthentication policy : jwtPolicies) {
      jwt.compile(policy, diagnostics).ifPresent(authentication::add);
    }
    var limits = rateLimits.compile(rateLimitPolicies, diagnostics);
    List<Diagnostic> all = diagnostics.toList();
    if (diagnostics.hasErrors()) {
      return new CompilationResult(Optional.empty(), all);
    }
    JwtVerifier verifier = authentication.isEmpty() ? null : jwt.verifier(clock, authentication);
    return new CompilationResult(
        Optional.of(
            new CompiledPolicySet(compiled, authentication, verifier, limits, clock, unselected)),
        all);
  }

  /**
   * Type-checks expressions of documents that will not load, for their diagnostics alone, so a user
   * sees CEL mistakes and schema mistakes of one file in one run.
   */
  public List<Diagnostic> check(List<UncheckedExpression> expressions) {
    Diagnostics diagnostics = new Diagnostics();
    for (UncheckedExpression e : expressions) {
      if (e.admission()) {
        continue; // checked by the admission compiler, in its own environment
      }
      CelType type = e.condition() ? SimpleType.BOOL : SimpleType.STRING;
      compileOne(e.expression(), type, e.what(), diagnostics);
    }
    return diagnostics.toList();
  }

  private Optional<CompiledPolicy> compilePolicy(
      int ordinal, AccessPolicy policy, Diagnostics diagnostics) {
    boolean ok = true;
    List<CompiledRule> rules = new ArrayList<>();
    for (AccessRule rule : policy.rules()) {
      CompiledExpression when =
          compileOne(rule.when(), SimpleType.BOOL, "rule '" + rule.name() + "': when", diagnostics);
      ok &= when != null;
      rules.add(new CompiledRule(rule.name(), when));
    }
    List<CompiledHeader> headers = new ArrayList<>();
    for (HeaderValue header : policy.allowHeaders()) {
      CompiledExpression value =
          compileOne(
              header.value(), SimpleType.STRING, "header '" + header.name() + "'", diagnostics);
      ok &= value != null;
      headers.add(new CompiledHeader(header.name(), value));
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new CompiledPolicy(ordinal, policy, new TargetMatcher(policy.target()), rules, headers));
  }

  private CompiledExpression compileOne(
      Expression expression, CelType type, String what, Diagnostics diagnostics) {
    ExpressionCompiler.Result result = expressions.compile(expression, type, what);
    diagnostics.addAll(result.diagnostics());
    return result.expression();
  }
}
