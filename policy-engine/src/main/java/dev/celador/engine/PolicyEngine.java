package dev.celador.engine;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionMutation;
import dev.celador.engine.internal.admission.AdmissionReport;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.jwt.KeySource;
import dev.celador.engine.internal.jwt.KeySourceStats;
import dev.celador.engine.internal.jwt.KeySources;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.PolicyRevision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one entry point: load policies from paths, then decide requests. The active policy set is
 * immutable and replaced atomically, so a reload never disturbs requests in flight; a load that
 * fails leaves the last good set in place.
 */
public final class PolicyEngine implements AutoCloseable {

  private final PolicySetLoader loader;
  private final KeySources keySources;
  // Read lock-free per request; written (install, a new admission context) under this's lock, so
  // a reload and a params refresh at the same moment cannot undo each other.
  private final AtomicReference<PolicySnapshot> active = new AtomicReference<>();
  private AdmissionContext admissionContext = AdmissionContext.empty();
  // Set by the first reloadAdmission: from then on admission policies come only from that source
  // (the webhook's own files or cluster under serve), and loads of the whole set keep them.
  private boolean admissionApart;
  // The sources of each side, for one revision over both when admission comes from its own source.
  private Map<String, SourceFile> accessSources = Map.of();
  private Map<String, SourceFile> admissionSources = Map.of();

  private final RateLimitBackends rateLimits;

  private PolicyEngine(
      Clock clock, KeySources keySources, RateLimitBackends rateLimits, PolicyDefaults defaults) {
    this.keySources = keySources;
    this.rateLimits = rateLimits;
    this.loader = new PolicySetLoader(clock, keySources, rateLimits, defaults);
  }

  /** An engine with default JWKS options whose rate limits all run in this process. */
  public static PolicyEngine create(Clock clock) {
    return create(clock, JwksOptions.defaults(), RateLimitBackends.local());
  }

  /** An engine whose JWKS fetching and token cache follow {@code jwks}. */
  public static PolicyEngine create(Clock clock, JwksOptions jwks) {
    return create(clock, jwks, RateLimitBackends.local());
  }

  /** An engine whose rate limits run on {@code rateLimits}, e.g. with Redis added by the server. */
  public static PolicyEngine create(Clock clock, RateLimitBackends rateLimits) {
    return create(clock, JwksOptions.defaults(), rateLimits);
  }

  public static PolicyEngine create(Clock clock, JwksOptions jwks, RateLimitBackends rateLimits) {
    return create(clock, jwks, rateLimits, PolicyDefaults.DEFAULT);
  }

  /** An engine with the root namespace and default action of {@code defaults}. */
  public static PolicyEngine create(
      Clock clock, JwksOptions jwks, RateLimitBackends rateLimits, PolicyDefaults defaults) {
    return new PolicyEngine(clock, new KeySources(clock, jwks), rateLimits, defaults);
  }

  /** The rate-limit stores and their per-limit counters, for metrics. */
  public RateLimitBackends rateLimits() {
    return rateLimits;
  }

  /** Reads, parses and compiles {@code paths} without installing the result. */
  public LoadResult load(List<Path> paths) {
    return loader.load(paths);
  }

  /**
   * Parses and compiles policy text already in memory (custom resources read from the API server,
   * say) without installing the result; diagnostics name each source as they would a file.
   */
  public LoadResult loadSources(List<SourceFile> files) {
    return loader.loadSources(files);
  }

  /**
   * Loads {@code paths} and, if they compiled, makes them the active set and starts fetching the
   * keys its JwtAuthentication policies need; key sets no policy uses any more stop refreshing.
   */
  public LoadResult reload(List<Path> paths) {
    return install(load(paths));
  }

  /** Like {@link #reload} for policy text already in memory. */
  public LoadResult reloadSources(List<SourceFile> files) {
    return install(loadSources(files));
  }

  /**
   * Like {@link #reload(List)}, and admission policies are evaluated with {@code context} from the
   * same moment on: policies and their params and Namespaces change together or not at all.
   */
  public synchronized LoadResult reload(List<Path> paths, AdmissionContext context) {
    LoadResult result = load(paths);
    if (!result.hasErrors() && !admissionApart) {
      admissionContext = context;
    }
    return install(result);
  }

  /**
   * Loads admission policies from policy text in memory and, if it compiled, makes them active with
   * {@code context} in one swap, keeping the access, JWT and rate-limit policies in place: for
   * sources that hold admission policies apart from the others (ValidatingPolicy custom resources,
   * or the webhook's own files under {@code serve}). From the first call on, admission policies and
   * their context come only from here: later {@link #reload} and {@link #reloadSources} calls
   * install their access, JWT and rate-limit policies and keep these. Until a set with access
   * policies is loaded, requests get the configured default action (see {@link PolicyDefaults}), as
   * with an empty policy directory. Other documents in {@code files} are compiled (their errors
   * fail the load) but not installed. The snapshot's revision is then one over the sources of both
   * sides, so it changes when either does.
   */
  public LoadResult reloadAdmission(List<SourceFile> files, AdmissionContext context) {
    return installAdmission(loadSources(files), context);
  }

  /** Like {@link #reloadAdmission(List, AdmissionContext)} for policy files and directories. */
  public LoadResult reloadAdmissionFiles(List<Path> paths, AdmissionContext context) {
    return installAdmission(load(paths), context);
  }

  private synchronized LoadResult installAdmission(LoadResult result, AdmissionContext context) {
    if (result.hasErrors()) {
      return result;
    }
    admissionApart = true;
    admissionContext = context;
    admissionSources = result.sources();
    PolicySnapshot current = active.get();
    CompiledPolicySet access =
        current != null ? current.access() : loadSources(List.of()).policySet().orElseThrow();
    active.set(new PolicySnapshot(access, result.admission(), context, currentRevision()));
    return result;
  }

  /**
   * The revision of everything installed: the access sources', or, with admission policies from a
   * source of their own, one over both (names prefixed by side, as two sources may share a name).
   */
  private String currentRevision() {
    if (!admissionApart) {
      return PolicyRevision.of(accessSources);
    }
    Map<String, SourceFile> both = new HashMap<>();
    accessSources.forEach((name, file) -> both.put("access/" + name, file));
    admissionSources.forEach((name, file) -> both.put("admission/" + name, file));
    return PolicyRevision.of(both);
  }

  private synchronized LoadResult install(LoadResult result) {
    result
        .policySet()
        .ifPresent(
            set -> {
              set.keySources().forEach(KeySource::start);
              PolicySnapshot current = active.get();
              accessSources = result.sources();
              active.set(
                  new PolicySnapshot(
                      set,
                      admissionApart && current != null ? current.admission() : result.admission(),
                      admissionContext,
                      currentRevision()));
              keySources.retainOnly(set.keySources());
            });
    return result;
  }

  /**
   * Makes {@code context} (params, Namespaces, authorizer) what admission policies are evaluated
   * with, now and after every later load: for sources that refresh them apart from the policies.
   */
  public synchronized void admissionContext(AdmissionContext context) {
    admissionContext = context;
    PolicySnapshot current = active.get();
    if (current != null) {
      active.set(current.withAdmissionContext(context));
    }
  }

  /** Everything requests are decided with now; empty until a load succeeded. */
  public Optional<PolicySnapshot> snapshot() {
    return Optional.ofNullable(active.get());
  }

  /**
   * Waits, at most {@code timeout} in all, until every key source of the active set has finished
   * its first fetch; true when each has keys (for readiness: "JWKS warm").
   */
  public boolean awaitKeys(Duration timeout) {
    CompiledPolicySet set = activeOrNull();
    return set != null && set.awaitKeys(timeout);
  }

  /** The set requests are decided against now; empty until a load succeeded. */
  public Optional<CompiledPolicySet> activeSet() {
    return Optional.ofNullable(activeOrNull());
  }

  /**
   * The revision of the active set ({@link PolicyRevision}: a hash of the policy sources it was
   * compiled from), or "" until a load succeeded; for decision logs.
   */
  public String revision() {
    PolicySnapshot a = active.get();
    return a == null ? "" : a.revision();
  }

  private CompiledPolicySet activeOrNull() {
    PolicySnapshot a = active.get();
    return a == null ? null : a.access();
  }

  /** Fetch counters and key counts of every key source of the active set, for metrics. */
  public List<KeySourceStats> keyStats() {
    CompiledPolicySet set = activeOrNull();
    return set == null ? List.of() : set.keySources().stream().map(KeySource::stats).toList();
  }

  /**
   * Tells {@code listener} about every failed fetch of a remote key source, with the source's
   * counters after it; for logs. Replaces the previous listener.
   */
  public void onKeyFetchFailure(java.util.function.Consumer<KeySourceStats> listener) {
    keySources.onFetchFailure(listener);
  }

  /** Stops background key fetching. */
  @Override
  public void close() {
    keySources.close();
  }

  /** See {@link CompiledPolicySet#mayBeCostly}; false before a set is loaded. */
  public boolean mayBeCostly(AuthzRequest request) {
    CompiledPolicySet set = activeOrNull();
    return set != null && set.mayBeCostly(request);
  }

  /**
   * Decides {@code request} against the active set, completing when any store it needs answers (see
   * {@link CompiledPolicySet#evaluateAsync}); before the first load, {@link Decision#notReady()} (a
   * value, never an exception).
   */
  public CompletableFuture<Decision> decide(AuthzRequest request) {
    return decide(request, false);
  }

  /** As {@link #decide(AuthzRequest)}, with every rule evaluated in the decision's trace. */
  public CompletableFuture<Decision> decide(AuthzRequest request, boolean trace) {
    CompiledPolicySet set = activeOrNull();
    return set == null
        ? CompletableFuture.completedFuture(Decision.notReady())
        : set.evaluateAsync(request, trace);
  }

  /**
   * Decides an admission request with the active admission policies and context; before the first
   * load, {@link AdmissionDecision#notReady()}. An unexpected evaluation failure denies (code 500).
   */
  public AdmissionDecision admit(AdmissionRequest request) {
    PolicySnapshot now = active.get();
    if (now == null) {
      return AdmissionDecision.notReady();
    }
    return now.admission()
        .map(set -> AdmissionReviewMapper.decide(set, request, now.admissionContext()))
        .orElseGet(() -> AdmissionDecision.allowedByNone());
  }

  /**
   * What the active mutating admission policies do to {@code request}'s object, with the patch a
   * mutating webhook answers; before the first load, the {@link AdmissionDecision#notReady()}
   * denial. An unexpected evaluation failure denies (code 500).
   */
  public AdmissionMutation mutate(AdmissionRequest request) {
    PolicySnapshot now = active.get();
    if (now == null) {
      AdmissionDecision notReady = AdmissionDecision.notReady();
      return AdmissionMutation.failed(notReady.code(), notReady.reason(), notReady.message());
    }
    return now.admission()
        .map(set -> AdmissionReviewMapper.mutate(set, request, now.admissionContext()))
        .orElseGet(() -> AdmissionMutation.unchanged(request));
  }

  /**
   * As {@link #admit}, with what every policy and binding made of the request ({@link
   * CompiledAdmissionSet#explain}): the same decision, for audits of stored objects.
   */
  public AdmissionReport explain(AdmissionRequest request) {
    PolicySnapshot now = active.get();
    if (now == null) {
      return new AdmissionReport(request, AdmissionDecision.notReady(), List.of());
    }
    return now.admission()
        .map(set -> AdmissionReviewMapper.explain(set, request, now.admissionContext()))
        .orElseGet(
            () -> new AdmissionReport(request, AdmissionDecision.allowedByNone(), List.of()));
  }

  /**
   * Decides {@code request} on this thread, waiting for any store; before the first load, {@link
   * Decision#notReady()}. For tools and tests; servers use {@link #decide}.
   */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    CompiledPolicySet set = activeOrNull();
    return set == null ? Decision.notReady() : set.evaluate(request, trace);
  }
}
