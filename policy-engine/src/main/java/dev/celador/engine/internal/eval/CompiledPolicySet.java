package dev.celador.engine.internal.eval;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.internal.cel.CompiledExpression;
import dev.celador.engine.internal.jwt.IssuerVerifier;
import dev.celador.engine.internal.jwt.JwtVerifier;
import dev.celador.engine.internal.jwt.KeySet;
import dev.celador.engine.internal.jwt.KeySource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An immutable, compiled policy set: safe to share between threads and swap atomically. Decides
 * requests in the order of DESIGN.md §2: select by target, authenticate (JWT), DENY, ALLOW, rate
 * limits (for requests still allowed), then headers; AUDIT and dryRun policies and shadow limits
 * are evaluated and recorded but never change the outcome.
 */
public final class CompiledPolicySet {

  private final List<CompiledPolicy> policies;
  private final List<CompiledJwtPolicy> jwtPolicies;
  private final PolicyIndex<CompiledPolicy> index;
  private final List<CompiledRateLimitPolicy> rateLimits;
  private final PolicyIndex<CompiledRateLimitPolicy> rateLimitIndex;
  private final Authenticator authenticator;
  private final List<String> identityHeaders;
  private final Clock clock;
  private final DefaultAction unselected;
  // Policies with an expression that runs under a cost meter (loops, growing values); see
  // mayBeCostly. Identity sets: policies are records, and equal policies are still two policies.
  private final Set<Object> costly = Collections.newSetFromMap(new IdentityHashMap<>());
  // Policies whose literal searches (a regex, a needle) cost this many steps per character of
  // request data: costly only on a large request.
  private final Map<Object, Long> scanning = new IdentityHashMap<>();

  /**
   * Steps of literal searches a request may cost on an event loop: a 15-instruction path regex on a
   * 16 KiB request; about 0.1–0.5 ms of CPU.
   */
  static final long SCAN_BUDGET = 1 << 18;

  /**
   * @param policies every policy, already in evaluation order (their ordinals)
   */
  public CompiledPolicySet(List<CompiledPolicy> policies, Clock clock) {
    this(policies, List.of(), null, clock);
  }

  /**
   * @param policies every access policy, already in evaluation order (their ordinals)
   * @param jwtPolicies every JwtAuthentication policy, sorted by id
   * @param verifier verifies and caches tokens for {@code jwtPolicies}; null when there are none
   */
  public CompiledPolicySet(
      List<CompiledPolicy> policies,
      List<CompiledJwtPolicy> jwtPolicies,
      JwtVerifier verifier,
      Clock clock) {
    this(policies, jwtPolicies, verifier, List.of(), clock);
  }

  /**
   * @param policies every access policy, already in evaluation order (their ordinals)
   * @param jwtPolicies every JwtAuthentication policy, sorted by id
   * @param verifier verifies and caches tokens for {@code jwtPolicies}; null when there are none
   * @param rateLimits every rate-limit policy, in evaluation order (their ordinals)
   */
  public CompiledPolicySet(
      List<CompiledPolicy> policies,
      List<CompiledJwtPolicy> jwtPolicies,
      JwtVerifier verifier,
      List<CompiledRateLimitPolicy> rateLimits,
      Clock clock) {
    this(policies, jwtPolicies, verifier, rateLimits, clock, DefaultAction.ALLOW);
  }

  /**
   * @param unselected what a request gets that no enforced access policy selects
   */
  public CompiledPolicySet(
      List<CompiledPolicy> policies,
      List<CompiledJwtPolicy> jwtPolicies,
      JwtVerifier verifier,
      List<CompiledRateLimitPolicy> rateLimits,
      Clock clock,
      DefaultAction unselected) {
    this.unselected = unselected;
    this.policies = List.copyOf(policies);
    this.jwtPolicies = List.copyOf(jwtPolicies);
    this.index = PolicyIndex.of(this.policies);
    this.rateLimits = List.copyOf(rateLimits);
    this.rateLimitIndex =
        new PolicyIndex<>(
            this.rateLimits, CompiledRateLimitPolicy::target, CompiledRateLimitPolicy::ordinal);
    this.authenticator = new Authenticator(this.jwtPolicies, verifier);
    this.clock = clock;
    Set<String> headers = new LinkedHashSet<>();
    policies.forEach(p -> p.allowHeaders().forEach(h -> headers.add(h.name())));
    headers.addAll(authenticator.claimHeaders());
    this.identityHeaders = List.copyOf(headers);
    for (CompiledPolicy policy : this.policies) {
      classify(
          policy,
          Stream.concat(
              policy.rules().stream().map(r -> r.when()),
              policy.allowHeaders().stream().map(h -> h.value())));
    }
    for (CompiledRateLimitPolicy policy : this.rateLimits) {
      classify(
          policy,
          policy.limits().stream()
              .flatMap(l -> l.when() == null ? Stream.of(l.key()) : Stream.of(l.key(), l.when())));
    }
  }

  private void classify(Object policy, Stream<CompiledExpression> expressions) {
    long factor = 0;
    for (CompiledExpression e : (Iterable<CompiledExpression>) expressions::iterator) {
      if (e.metered()) {
        costly.add(policy);
        return;
      }
      factor += e.scanFactor();
    }
    if (factor > 0) {
      scanning.put(policy, factor);
    }
  }

  /**
   * True when deciding {@code request} may take far longer than a plain RBAC rule: it selects a
   * policy with a metered expression (one that loops or builds values, whose cost the meter
   * bounds), or one whose literal searches over this request's data would exceed {@link
   * #SCAN_BUDGET} steps (a regex over a 60 KiB header). A front door decides such requests off its
   * event loop, so that a costly policy on one route never delays the requests of another. Cheap:
   * false at once for a set without such expressions, else one index lookup (and the request's
   * size, once).
   */
  public boolean mayBeCostly(AuthzRequest request) {
    if (costly.isEmpty() && scanning.isEmpty()) {
      return false;
    }
    long[] size = {-1};
    for (CompiledPolicy policy : index.select(request)) {
      if (costly(policy, request, size)) {
        return true;
      }
    }
    if (!rateLimits.isEmpty()) {
      for (CompiledRateLimitPolicy policy : rateLimitIndex.select(request)) {
        if (costly(policy, request, size)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean costly(Object policy, AuthzRequest request, long[] size) {
    if (costly.contains(policy)) {
      return true;
    }
    Long factor = scanning.get(policy);
    if (factor == null) {
      return false;
    }
    if (size[0] < 0) {
      size[0] = RequestSize.upTo(request, SCAN_BUDGET);
    }
    return factor * size[0] > SCAN_BUDGET;
  }

  /**
   * Decides one request, waiting for the rate-limit stores if it must: for {@code celador eval},
   * policy tests and benchmarks. A server uses {@link #evaluateAsync}.
   */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    try {
      return evaluateAsync(request, trace).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Decides one request. With {@code trace}, the decision lists every rule evaluated. Every step
   * runs on the calling thread up to the first that needs I/O: a JWKS fetch for a token whose key
   * its issuer's set lacks, or a rate-limit store (Redis). The future completes when that answers
   * (at once when the request needs none), never later than its timeout, and no thread waits for
   * it: the rest of the decision runs on the thread that delivers the answer.
   */
  public CompletableFuture<Decision> evaluateAsync(AuthzRequest request, boolean trace) {
    return evaluateAsync(request, trace, null);
  }

  /**
   * @param waited null at first; when authentication had to wait for keys, the fetch waited for
   */
  private CompletableFuture<Decision> evaluateAsync(
      AuthzRequest request, boolean trace, CompletableFuture<KeySet> waited) {
    Authentication authentication = authenticator.authenticate(request, trace, waited);
    if (authentication.pending() != null) {
      // Once, however the fetch ends (a timeout completes it exceptionally): the second
      // authentication decides with the keys at hand.
      CompletableFuture<KeySet> fetch = authentication.pending();
      return fetch
          .handle((keys, error) -> fetch)
          .thenCompose(done -> evaluateAsync(request, trace, done));
    }
    List<CompiledPolicy> selected = index.select(request);
    List<CompiledRateLimitPolicy> limited =
        rateLimits.isEmpty() ? List.of() : rateLimitIndex.select(request);
    if (authentication.rejected()) {
      Decision rejection = authentication.rejection();
      // No access policy ran: the trace is the authentication alone.
      return CompletableFuture.completedFuture(
          trace ? rejection.withTrace(List.of(authentication.trace()), List.of()) : rejection);
    }
    CompletableFuture<Decision> decided =
        new Evaluation(request, clock, trace, identityHeaders, authentication, unselected)
            .decide(selected, limited);
    if (!trace) {
      return decided;
    }
    return decided.thenApply(decision -> traced(decision, authentication, selected, limited));
  }

  private Decision traced(
      Decision decision,
      Authentication authentication,
      List<CompiledPolicy> selected,
      List<CompiledRateLimitPolicy> limited) {
    if (authentication.trace() != null) {
      List<TraceEntry> entries = new ArrayList<>(decision.trace().size() + 1);
      entries.add(authentication.trace());
      entries.addAll(decision.trace());
      decision = decision.withTrace(entries, decision.audits());
    }
    return withUnselected(decision, selected, limited);
  }

  /** Every JwtAuthentication policy, sorted by id. */
  public List<CompiledJwtPolicy> jwtPolicies() {
    return jwtPolicies;
  }

  /**
   * Waits, at most {@code timeout} in all, until every key source has finished its first fetch
   * (starting any that has not started); true when each has keys. For readiness ("JWKS warm") and
   * for {@code eval}, which decides once and must not judge a token with no keys fetched yet.
   */
  public boolean awaitKeys(Duration timeout) {
    List<KeySource> sources = keySources();
    try {
      CompletableFuture.allOf(
              sources.stream().map(KeySource::firstFetch).toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Answered below from the keys at hand.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sources.stream().allMatch(source -> source.current().size() > 0);
  }

  /** The distinct key sources of every issuer of every JwtAuthentication policy. */
  public List<KeySource> keySources() {
    Set<KeySource> sources = Collections.newSetFromMap(new IdentityHashMap<>());
    List<KeySource> result = new ArrayList<>();
    for (CompiledJwtPolicy policy : jwtPolicies) {
      for (IssuerVerifier issuer : policy.issuers()) {
        if (sources.add(issuer.keys())) {
          result.add(issuer.keys());
        }
      }
    }
    return result;
  }

  /** Number of policies in the set, of every kind. */
  public int size() {
    return policies.size() + jwtPolicies.size() + rateLimits.size();
  }

  /** What a request gets that no enforced access policy selects. */
  public DefaultAction unselected() {
    return unselected;
  }

  /** Every rate-limit policy, in evaluation order. */
  public List<CompiledRateLimitPolicy> rateLimitPolicies() {
    return rateLimits;
  }

  /** Every access policy, in evaluation order. */
  public List<CompiledPolicy> policies() {
    return policies;
  }

  /** Header names some policy sets upstream; clients' copies of them are always stripped. */
  public List<String> identityHeaders() {
    return identityHeaders;
  }

  private Decision withUnselected(
      Decision decision, List<CompiledPolicy> selected, List<CompiledRateLimitPolicy> limited) {
    Set<CompiledPolicy> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
    chosen.addAll(selected);
    var trace = new ArrayList<>(decision.trace());
    for (CompiledPolicy p : policies) {
      if (!chosen.contains(p)) {
        trace.add(
            new TraceEntry(
                p.id(),
                "",
                p.action().name(),
                p.dryRun(),
                TraceEntry.Result.NOT_SELECTED,
                "target does not select this request"));
      }
    }
    Set<CompiledRateLimitPolicy> chosenLimits = Collections.newSetFromMap(new IdentityHashMap<>());
    chosenLimits.addAll(limited);
    for (CompiledRateLimitPolicy p : rateLimits) {
      if (!chosenLimits.contains(p)) {
        trace.add(
            new TraceEntry(
                p.id(),
                "",
                RateLimitStage.ACTION,
                false,
                TraceEntry.Result.NOT_SELECTED,
                "target does not select this request"));
      }
    }
    return decision.withTrace(trace, decision.audits());
  }
}
