package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.cluster.audit.ClusterAudit;
import dev.celador.cluster.audit.ObjectPages;
import dev.celador.engine.internal.audit.AuditSummary;
import dev.celador.webhook.AdmissionPolicies;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's background audit ({@code celador.audit.enabled}): every {@code
 * celador.audit.interval}, the objects stored in the cluster are judged with the webhook's active
 * policies, params, Namespaces and authorizer ({@link ClusterAudit}), the PolicyReports rewritten
 * (a fixed object leaves them, a namespace with no results loses its report), and the counts
 * exported on the management port as {@code celador_audit_*}. A failed audit is logged and counted,
 * and the next one runs on schedule.
 */
final class BackgroundAudit implements AutoCloseable {

  /** These settings and their defaults (see docs/serve.md). */
  static final Map<String, String> DEFAULTS = defaults();

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundAudit.class);

  private final KubernetesClient client;
  private final Supplier<AdmissionPolicies.Active> policies;
  private final String reportName;
  private final int pageSize;
  private final ScheduledExecutorService scheduler;
  private final Map<String, AtomicLong> results = new LinkedHashMap<>();
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong denied = new AtomicLong();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicLong lastMillis = new AtomicLong();
  private final Counter succeeded;
  private final Counter failed;
  private final long intervalMillis;
  private final AtomicLong leader = new AtomicLong();
  private ScheduledFuture<?> schedule;
  private AuditLeadership leadership;

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    // Opt-in: an audit lists every object the admission policies can match, which needs list
    // access to those kinds and costs the API server a full list per interval.
    d.put("celador.audit.enabled", "false");
    d.put("celador.audit.interval", "1h");
    d.put("celador.audit.report-name", "celador-audit");
    d.put("celador.audit.page-size", Integer.toString(ObjectPages.DEFAULT_PAGE_SIZE));
    // On: replicas of one installation share the settings, and two auditors would write the same
    // reports over each other (AuditLeadership).
    d.put("celador.audit.leader-election", "true");
    return Map.copyOf(d);
  }

  private BackgroundAudit(
      KubernetesClient client,
      Supplier<AdmissionPolicies.Active> policies,
      String reportName,
      int pageSize,
      long intervalMillis,
      MeterRegistry registry) {
    this.client = client;
    this.intervalMillis = intervalMillis;
    this.policies = policies;
    this.reportName = reportName;
    this.pageSize = pageSize;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "celador-audit");
              t.setDaemon(true);
              return t;
            });
    for (String result : List.of("pass", "fail", "warn", "error")) {
      AtomicLong count = new AtomicLong();
      results.put(result, count);
      Gauge.builder("celador.audit.results", count, AtomicLong::get)
          .description(
              "Results of the last audit by result (one per stored object and policy binding that applies)")
          .tag("result", result)
          .register(registry);
    }
    Gauge.builder("celador.audit.objects", objects, AtomicLong::get)
        .description("Stored objects the last audit judged")
        .register(registry);
    Gauge.builder("celador.audit.denied.objects", denied, AtomicLong::get)
        .description("Stored objects the last audit found the webhook would deny")
        .register(registry);
    Gauge.builder("celador.audit.last.success.timestamp.seconds", lastSuccess, AtomicLong::get)
        .description("When the last audit that completed finished (Unix seconds; 0: none yet)")
        .register(registry);
    Gauge.builder("celador.audit.last.duration.seconds", lastMillis, m -> m.get() / 1000.0)
        .description("How long the last audit that completed took")
        .register(registry);
    Gauge.builder("celador.audit.leader", leader, AtomicLong::get)
        .description(
            "1 while this replica is the one that audits (it holds the audit Lease, or leader"
                + " election is off), else 0")
        .register(registry);
    this.succeeded = runs(registry, "success");
    this.failed = runs(registry, "failure");
  }

  private static Counter runs(MeterRegistry registry, String result) {
    return Counter.builder("celador.audit.runs")
        .description("Background audits by result")
        .tag("result", result)
        .register(registry);
  }

  static boolean enabled(Settings settings) {
    return settings.bool("celador.audit.enabled");
  }

  /**
   * Refuses settings an audit cannot run with, before anything starts: the audit without the
   * webhook whose policies it judges with, an interval under a second, a page size under one.
   */
  static void check(Settings settings) {
    if (!enabled(settings)) {
      return;
    }
    if (!AdmissionWebhookRunner.enabled(settings)) {
      throw new UserException(
          "celador.audit.enabled judges with the admission webhook's policies: enable the webhook"
              + " too (--admission or celador.webhook.enabled=true)");
    }
    if (settings.duration("celador.audit.interval").compareTo(Duration.ofSeconds(1)) < 0) {
      throw new UserException(
          "celador.audit.interval must be at least 1s, got '"
              + settings.string("celador.audit.interval")
              + "'");
    }
    if (settings.integer("celador.audit.page-size") < 1) {
      throw new UserException("celador.audit.page-size must be at least 1");
    }
  }

  /**
   * Starts auditing with the webhook's active policies every {@code celador.audit.interval}, the
   * first audit right away; the client is configured from {@code celador.webhook.kubeconfig} as the
   * webhook's cluster source is.
   */
  static BackgroundAudit start(
      Settings settings, Supplier<AdmissionPolicies.Active> policies, MeterRegistry registry) {
    check(settings);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                KubeConfigs.of(
                    settings.path("celador.webhook.kubeconfig"), "celador.webhook.kubeconfig"))
            .build();
    BackgroundAudit audit =
        new BackgroundAudit(
            client,
            policies,
            settings.string("celador.audit.report-name"),
            settings.integer("celador.audit.page-size"),
            settings.duration("celador.audit.interval").toMillis(),
            registry);
    if (settings.bool("celador.audit.leader-election")) {
      audit.leadership =
          AuditLeadership.start(
              client, settings.string("celador.audit.report-name"), audit::lead, audit::follow);
    } else {
      audit.lead();
    }
    return audit;
  }

  /** Audits from now on, the first right away. */
  private synchronized void lead() {
    if (schedule == null || schedule.isDone()) {
      schedule =
          scheduler.scheduleWithFixedDelay(this::runOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }
    leader.set(1);
  }

  /**
   * Stops auditing; an audit in progress finishes (its reports are whole, and the new leader's next
   * audit rewrites them anyway).
   */
  private synchronized void follow() {
    leader.set(0);
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
  }

  /** One audit; never throws, so the schedule goes on. */
  void runOnce() {
    long start = System.nanoTime();
    try {
      AdmissionPolicies.Active active = policies.get();
      ClusterAudit.Run run =
          new ClusterAudit(client, ClusterAudit.DEFAULT_USER, pageSize)
              .run(active.set(), active.context(), reportName, Clock.systemUTC().instant());
      AuditSummary s = run.results().summary();
      results.get("pass").set(s.pass());
      results.get("fail").set(s.fail());
      results.get("warn").set(s.warn());
      results.get("error").set(s.error());
      objects.set(run.results().objects());
      denied.set(run.results().denied().size());
      lastMillis.set((System.nanoTime() - start) / 1_000_000);
      lastSuccess.set(Clock.systemUTC().instant().getEpochSecond());
      succeeded.increment();
      LOG.atInfo()
          .addKeyValue("objects", run.results().objects())
          .addKeyValue("denied", run.results().denied().size())
          .addKeyValue("kinds", run.kinds().size())
          .addKeyValue("reports_written", run.reports().written())
          .addKeyValue("reports_deleted", run.reports().deleted())
          .addKeyValue("millis", lastMillis.get())
          .addKeyValue("policy_revision", active.revision())
          .log("audit finished");
    } catch (RuntimeException e) {
      failed.increment();
      LOG.atError()
          .setCause(e)
          .log("audit failed; the next one runs on schedule: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (leadership != null) {
      leadership.close();
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
