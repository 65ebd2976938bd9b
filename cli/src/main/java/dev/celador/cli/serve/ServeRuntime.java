package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.cli.serve.PortsInUse.Listener;
import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.admission.CompiledAdmissionSet;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.RateLimit.Backend;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.source.FilePoller;
import dev.celador.extauthz.Authorizer;
import dev.celador.extauthz.CostlyLane;
import dev.celador.extauthz.DecisionListener;
import dev.celador.extauthz.ExtAuthzServer;
import dev.celador.extauthz.ServerOptions;
import dev.celador.extauthz.Transport;
import dev.celador.extauthz.Verdict;
import dev.celador.extauthz.http.HttpIdentity;
import dev.celador.extauthz.http.NettyHttpServer;
import dev.celador.ratelimit.redis.RedisRateLimitStore;
import dev.celador.ratelimit.redis.RedisStoreConfig;
import dev.celador.ratelimit.redis.StoreFailure;
import dev.celador.webhook.AdmissionPolicies;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code celador serve}: policies, the ext_authz server, the management port, the reload
 * watcher, metrics and the decision log, started and stopped in the right order.
 */
public final class ServeRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ServeRuntime.class);

  private final Settings settings;
  private final PrintStream decisions;
  private final RedisRateLimitStore redis;
  private final PolicyEngine engine;
  private final ServeMetrics metrics = new ServeMetrics();
  private final JwksMetrics jwksMetrics;
  private final RateLimitMeters rateLimitMeters;
  private final ServeState state = new ServeState();
  private final CostlyLane lane;
  private final FailureLog failures;
  private final HttpIdentity identity;
  private volatile List<String> lastWarnings = List.of();
  // Admission policies of the last good directory load: a directory of only those (serve
  // --admission) is not an empty set.
  private volatile int admissionPolicies;
  private Path policies;
  private ExtAuthzServer server;
  private NettyHttpServer management;
  private FilePoller watcher;
  private ClusterPolicies cluster;
  private final ReloadRecorder reloads;
  private DecisionLog decisionLog;
  private Tracing tracing;
  private AdmissionWebhookRunner.Running webhook;
  private BackgroundAudit audit;
  private ProcessMeters processMeters;

  /**
   * grpc-java and Netty log every broken connection (a port scan, random bytes) at INFO with a
   * stack trace: a log storm any client can cause. Keep their warnings only. Held here so the
   * configured loggers are not garbage-collected.
   */
  private static final List<java.util.logging.Logger> QUIET =
      List.of(
          java.util.logging.Logger.getLogger("io.grpc"),
          java.util.logging.Logger.getLogger("io.netty"),
          // Warns with a stack trace for every oversized or malformed message a client sends.
          java.util.logging.Logger.getLogger(
              "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream"));

  static {
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    QUIET.get(2).setLevel(java.util.logging.Level.SEVERE);
  }

  public ServeRuntime(Settings settings, PrintStream decisions) {
    ServeLogging.configure(settings);
    this.settings = settings;
    this.decisions = decisions;
    this.failures =
        new FailureLog(
            LoggerFactory.getLogger(FailureLog.class),
            Clock.systemUTC(),
            FailureLog.DEFAULT_INTERVAL);
    BackgroundAudit.check(settings);
    JwksOptions jwks = jwksOptions(settings); // may reject the settings: before any connection
    this.redis = redisStore(settings, new RedisStoreHealth(failures).listener());
    RateLimitBackends rateLimits =
        redis == null ? RateLimitBackends.local() : RateLimitBackends.local().withRedis(redis);
    this.identity = PolicySettings.httpIdentity(settings);
    double costlyShare = settings.fraction("celador.costly.cpu-share");
    if (costlyShare == 0) {
      throw new UserException("celador.costly.cpu-share must be greater than 0, got 0");
    }
    // Settings.duration refuses a negative duration, naming the setting.
    this.lane = CostlyLane.withCpuShare(costlyShare, settings.duration("celador.costly.max-wait"));
    this.engine =
        PolicyEngine.create(Clock.systemUTC(), jwks, rateLimits, PolicySettings.defaults(settings));
    state.allowEmpty(settings.bool("celador.policies.allow-empty") || !extAuthzListens(settings));
    this.jwksMetrics = new JwksMetrics(metrics.registry(), engine::keyStats);
    engine.onKeyFetchFailure(JwksMetrics.logTo(failures));
    state.jwks(jwksMetrics::status);
    if (redis != null) {
      RedisStoreHealth.register(metrics.registry(), redis);
      state.rateLimitStore(() -> RedisStoreHealth.readyJson(redis));
    }
    this.rateLimitMeters = new RateLimitMeters(metrics.registry(), engine.rateLimits().metrics());
    this.reloads =
        new ReloadRecorder(
            state,
            metrics,
            () -> {
              jwksMetrics.refresh();
              rateLimitMeters.refresh();
              checkLoadedSet();
            });
  }

  private static int admissionPolicyCount(LoadResult result) {
    return result.admission().map(CompiledAdmissionSet::policyCount).orElse(0);
  }

  /**
   * Whether any ext_authz port is open; without one (the chart's admission role) an empty set of
   * ext_authz policies is what is intended.
   */
  private static boolean extAuthzListens(Settings settings) {
    return settings.integer("celador.grpc.port") >= 0
        || !settings.string("celador.grpc.socket").isEmpty()
        || settings.integer("celador.http.port") >= 0;
  }

  /**
   * Says, in the log and {@code /readyz}, what the loaded set cannot do here: policies HTTP mode
   * cannot apply without identities, and an empty set that keeps serve unready. Logs only changes,
   * so a reload loop does not repeat them.
   */
  private void checkLoadedSet() {
    CompiledPolicySet set = engine.activeSet().orElse(null);
    if (set == null) {
      return;
    }
    List<String> warnings =
        settings.integer("celador.http.port") < 0
            ? List.of()
            : HttpIdentityCheck.warnings(set, identity);
    if (!warnings.equals(lastWarnings)) {
      warnings.forEach(LOG::warn);
      lastWarnings = warnings;
    }
    state.warnings(warnings);
    boolean empty = set.size() == 0 && admissionPolicies == 0;
    state.empty(empty);
    if (empty && !settings.bool("celador.policies.allow-empty") && extAuthzListens(settings)) {
      LOG.atWarn()
          .addKeyValue("default_action", set.unselected().name().toLowerCase(Locale.ROOT))
          .log(
              "no policies loaded: not ready until some are (celador.policies.allow-empty=true if"
                  + " intended); every request would get celador.default-action");
    }
  }

  static JwksOptions jwksOptions(Settings settings) {
    try {
      return new JwksOptions(
          settings.duration("celador.jwt.fetch-timeout"),
          settings.integer("celador.jwt.max-jwks-bytes"),
          settings.duration("celador.jwt.refresh-interval"),
          settings.duration("celador.jwt.min-refetch-interval"),
          settings.integer("celador.jwt.token-cache-size"));
    } catch (IllegalArgumentException e) {
      throw new UserException("celador.jwt.*: " + e.getMessage());
    }
  }

  /** The shared rate-limit store when a Redis URL is set; it connects in the background. */
  private static RedisRateLimitStore redisStore(
      Settings settings, Consumer<StoreFailure> onFailure) {
    String url = settings.string("celador.ratelimit.redis.url");
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      return RedisRateLimitStore.start(
          RedisStoreConfig.of(url, settings.bool("celador.ratelimit.redis.cluster"))
              .withTimeout(settings.duration("celador.ratelimit.redis.timeout"))
              .withLeases(settings.bool("celador.ratelimit.redis.leases")),
          onFailure);
    } catch (IllegalArgumentException e) {
      throw new UserException("celador.ratelimit.redis.url: " + e.getMessage());
    }
  }

  /** Loads policies, binds every port, warms up, then reports ready. */
  public void start() throws IOException, InterruptedException {
    policies = settings.path("celador.policies");
    CompiledPolicySet first = ClusterPolicies.enabled(settings) ? fromCluster() : fromDirectory();
    // "waiting" from the moment the ports open until awaitKeys is done.
    state.awaitingKeys(engine.keyStats().stream().anyMatch(JwksMetrics::remote));
    rateLimitMeters.refresh();
    tracing = Tracing.start(settings, failures);
    if (tracing != null) {
      tracing.metrics(metrics.registry());
    }
    String host = settings.string("celador.server.host");
    Authorizer authorizer = new Authorizer(engine, DecisionListener.NONE, lane);
    server =
        PortsInUse.bound(
            () -> ExtAuthzServer.start(options(host), authorizer), extAuthzListeners());
    processMeters = ProcessMeters.bindTo(metrics.registry());
    management =
        PortsInUse.bound(
            () ->
                NettyHttpServer.start(
                    new InetSocketAddress(
                        settings.string("celador.management.host"),
                        settings.integer("celador.management.port")),
                    1,
                    NettyHttpServer.Limits.DEFAULT,
                    null,
                    new ManagementHandler(
                        state,
                        () -> {
                          jwksMetrics.refresh();
                          rateLimitMeters.refresh();
                          return metrics.scrape();
                        })),
            List.of(Listener.of(settings, "celador.management.host", "celador.management.port")));
    LOG.atInfo()
        .addKeyValue("grpc_port", server.grpcPort())
        .addKeyValue("grpc_socket", settings.string("celador.grpc.socket"))
        .addKeyValue("http_port", server.httpPort())
        .addKeyValue("management_port", management.port())
        .addKeyValue("policies", first.size())
        .log("listening");
    if (AdmissionWebhookRunner.enabled(settings)) {
      // Health and meters of the webhook are on this management port: one port for both doors.
      WebhookHealth health = new WebhookHealth(settings.string("celador.webhook.tls.mode"));
      state.admission(health);
      webhook =
          AdmissionWebhookRunner.start(
              settings,
              policies,
              metrics.registry(),
              engine,
              tracing == null ? OpenTelemetry.noop() : tracing.openTelemetry());
      health.started(webhook);
      LOG.atInfo()
          .addKeyValue("https_port", webhook.port())
          .addKeyValue("tls_mode", settings.string("celador.webhook.tls.mode"))
          .log("admission webhook listening");
    }
    if (BackgroundAudit.enabled(settings)) {
      AdmissionWebhookRunner.Running running = webhook;
      audit =
          BackgroundAudit.start(
              settings,
              () -> running.context().getBean(AdmissionPolicies.class).current(),
              metrics.registry());
    }
    awaitKeys();
    awaitRedis(first);
    long start = System.nanoTime();
    int warm =
        WarmUp.run(
            authorizer,
            first,
            settings.path("celador.tls.certificate") == null ? server.grpcPort() : -1,
            settings.path("celador.tls.certificate") == null ? server.httpPort() : -1,
            settings.duration("celador.warmup.duration"));
    authorizer.listener(listener());
    if (watcher != null) {
      watcher.start(
          settings.duration("celador.reload.poll-interval"),
          this::reload,
          e ->
              LOG.atError()
                  .addKeyValue("error", e.toString())
                  .setCause(e)
                  .log("policy reload failed"));
    }
    state.warm();
    server.serving();
    LOG.atInfo()
        .addKeyValue("warmup_requests", warm)
        .addKeyValue("warmup_ms", (System.nanoTime() - start) / 1_000_000)
        .log("ready");
  }

  private List<Listener> extAuthzListeners() {
    return List.of(
        Listener.of(settings, "celador.server.host", "celador.grpc.port"),
        Listener.of(settings, "celador.server.host", "celador.http.port"));
  }

  private CompiledPolicySet fromDirectory() {
    if (policies == null) {
      throw new UserException(
          "no policies to serve: give --policies FILE|DIR (setting celador.policies,"
              + " CELADOR_POLICIES) or set celador.policies.source=cluster");
    }
    if (!Files.exists(policies)) {
      throw new UserException(
          "--policies (celador.policies): no such file or directory: " + policies);
    }
    if (settings.bool("celador.reload.enabled")) {
      // Fingerprinted before the first load, so an edit during start-up is not missed.
      watcher = new FilePoller(List.of(policies), "celador-policy-watcher");
    }
    LoadResult first = engine.reload(List.of(policies));
    admissionPolicies = admissionPolicyCount(first);
    if (first.hasErrors()) {
      throw new PolicyLoadException(first);
    }
    state.loaded(first.policySet().orElseThrow().size());
    metrics.reloaded(true, first.policySet().orElseThrow().size());
    checkLoadedSet();
    return first.policySet().orElseThrow();
  }

  /** Custom resources, hot-updated by their watches instead of the directory watcher. */
  private CompiledPolicySet fromCluster() throws InterruptedException {
    cluster = ClusterPolicies.start(settings, engine, reloads::cluster);
    return engine.activeSet().orElseThrow();
  }

  /**
   * Readiness includes "JWKS warm": waits, at most {@code celador.jwt.ready-timeout}, for the first
   * fetch of every remote key set. After that we turn ready anyway, so one issuer's outage cannot
   * take authorization down for every route; tokens of that issuer get 401 (unknown key) until its
   * keys arrive, and the log, {@code /readyz} and {@code celador_jwks_keys} say which source lacks
   * keys.
   */
  private void awaitKeys() {
    jwksMetrics.refresh();
    if (engine.keyStats().stream().noneMatch(JwksMetrics::remote)) {
      state.awaitingKeys(false);
      return; // no remote key sets
    }
    long start = System.nanoTime();
    // A failed first fetch also ends awaitKeys; failed sources retry with back-off from a second,
    // so keep asking.
    long deadline = start + settings.duration("celador.jwt.ready-timeout").toNanos();
    boolean warm = false;
    while (!warm && System.nanoTime() < deadline) {
      long left = Math.max(1, Math.min(deadline - System.nanoTime(), 1_000_000_000L));
      warm = engine.awaitKeys(java.time.Duration.ofNanos(left));
      if (!warm) {
        sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      }
    }
    jwksMetrics.refresh();
    state.awaitingKeys(false);
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (warm) {
      LOG.atInfo()
          .addKeyValue("sources", engine.keyStats().size())
          .addKeyValue("wait_ms", ms)
          .log("jwks ready");
      return;
    }
    List<String> missing = jwksMetrics.withoutKeys();
    LOG.atWarn()
        .addKeyValue("sources", String.join("; ", missing))
        .addKeyValue("wait_ms", ms)
        .log(
            "turning ready without keys for some JWKS sources; their tokens get 401 until a fetch"
                + " succeeds");
  }

  /**
   * Readiness includes "Redis connected" when a loaded limit uses it: waits, at most {@code
   * celador.ratelimit.redis.ready-timeout}, for the connection and the scripts. Then ready anyway,
   * like for JWKS: until Redis answers, each such limit's failureMode decides, and the log and
   * {@code celador_ratelimit_redis_connected} say so.
   */
  private void awaitRedis(CompiledPolicySet set) throws InterruptedException {
    if (redis == null
        || set.rateLimitPolicies().stream()
            .flatMap(p -> p.limits().stream())
            .noneMatch(l -> l.source().backend() == Backend.REDIS)) {
      return;
    }
    long start = System.nanoTime();
    boolean ready = redis.awaitReady(settings.duration("celador.ratelimit.redis.ready-timeout"));
    long waitMs = (System.nanoTime() - start) / 1_000_000;
    if (ready) {
      LOG.atInfo().addKeyValue("wait_ms", waitMs).log("redis ready");
    } else {
      LOG.atWarn()
          .addKeyValue("wait_ms", waitMs)
          .log(
              "turning ready without Redis; limits on it answer with their failureMode until it"
                  + " connects");
    }
  }

  private ServerOptions options(String host) {
    Path cert = settings.path("celador.tls.certificate");
    Path key = settings.path("celador.tls.private-key");
    if ((cert == null) != (key == null)) {
      throw new UserException("celador.tls.certificate and celador.tls.private-key go together");
    }
    ServerOptions.Tls tls =
        cert == null
            ? null
            : new ServerOptions.Tls(cert, key, settings.path("celador.tls.client-ca"));
    return new ServerOptions(
        host,
        settings.integer("celador.grpc.port"),
        settings.path("celador.grpc.socket"),
        settings.integer("celador.http.port"),
        tls,
        settings.integer("celador.max-request-bytes"),
        settings.string("celador.http.path-prefix"),
        settings.bool("celador.http.trust-original-headers"),
        identity);
  }

  /** What observes every answer after warm-up: metrics, the decision log, spans when tracing. */
  private DecisionListener listener() {
    DecisionListener observers = observers();
    if (tracing == null) {
      return observers;
    }
    CheckSpans spans = new CheckSpans(tracing.openTelemetry(), engine::revision);
    return (t, r, v, nanos) -> {
      observers.onVerdict(t, r, v, nanos);
      spans.onVerdict(t, r, v, nanos);
    };
  }

  private DecisionListener observers() {
    JwtFailureMeter jwtFailures = new JwtFailureMeter(metrics.registry(), failures);
    if (!settings.bool("celador.decision-log.enabled")) {
      return (t, r, v, nanos) -> {
        metrics.onVerdict(t, r, v, nanos);
        jwtFailures.onVerdict(t, r, v, nanos);
      };
    }
    decisionLog =
        new DecisionLog(
            decisions,
            settings.fraction("celador.decision-log.allow-sample-rate"),
            settings.fraction("celador.decision-log.deny-sample-rate"),
            engine::revision);
    metrics.gauge(
        "celador.decision.log.dropped",
        "Decision log lines dropped because stdout could not keep up",
        decisionLog::dropped);
    DecisionLog logs = decisionLog;
    return new DecisionListener() {
      @Override
      public void onVerdict(Transport t, AuthzRequest r, Verdict v, long nanos) {
        metrics.onVerdict(t, r, v, nanos);
        jwtFailures.onVerdict(t, r, v, nanos);
        logs.onVerdict(t, r, v, nanos);
      }
    };
  }

  /** Compiles the directory again; a broken edit keeps the last good set serving. */
  void reload() {
    LoadResult result = engine.reload(List.of(policies));
    admissionPolicies = admissionPolicyCount(result);
    if (result.hasErrors()) {
      reloads.failed(result.render(), true);
      return;
    }
    reloads.succeeded(result.policySet().orElseThrow().size(), "files");
  }

  /** The bound HTTP-mode port, for tests that start serve on port 0. */
  int httpPort() {
    return server.httpPort();
  }

  int managementPort() {
    return management.port();
  }

  /** The admission webhook under {@code --admission}, for tests; null without it. */
  AdmissionWebhookRunner.Running webhook() {
    return webhook;
  }

  /** SIGTERM: NOT_SERVING first, give proxies time to notice, drain, stop. */
  public void stop() {
    // After a start that failed before anything listened (no policies, a port in use) there is
    // nothing to shut down that a reader of the log would care about.
    boolean started = server != null || management != null || cluster != null;
    if (started) {
      LOG.info("shutting down");
    }
    state.draining();
    if (watcher != null) {
      watcher.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (server != null) {
      server.drain();
      sleep(settings.duration("celador.shutdown.drain-delay").toMillis());
      server.shutdown(settings.duration("celador.shutdown.grace").toMillis());
    }
    if (audit != null) {
      audit.close();
    }
    if (webhook != null) {
      AdmissionWebhookRunner.stop(webhook);
    }
    lane.close();
    if (management != null) {
      management.close(500);
    }
    if (processMeters != null) {
      processMeters.close();
    }
    if (decisionLog != null) {
      decisionLog.close();
    }
    if (tracing != null) {
      tracing.close();
    }
    engine.close();
    if (redis != null) {
      redis.close();
    }
    if (started) {
      LOG.info("stopped");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first load failed: nothing to serve. */
  public static final class PolicyLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient LoadResult result;

    PolicyLoadException(LoadResult result) {
      super("policies have errors", null, false, false);
      this.result = result;
    }

    public LoadResult result() {
      return result;
    }
  }
}
