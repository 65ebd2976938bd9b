package dev.celador.cli.serve;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One auditor among the replicas: every replica of the webhook may have the audit on (they share
 * the chart's settings), but two auditors would list every object twice and write the same
 * PolicyReports over each other. They elect one through a coordination.k8s.io Lease named after the
 * report, so replicas that write the same reports share one leader and two installations with
 * different report names audit independently. Timings are client-go's defaults (15 s lease, 10 s
 * renew deadline, 2 s retry): a replica that dies without releasing is replaced within about 15 s;
 * one that shuts down releases the lease and is replaced at the next retry.
 */
final class AuditLeadership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLeadership.class);
  private static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final LeaseLock lock;
  private final String identity;
  private final Runnable onStart;
  private final Runnable onStop;
  private final ExecutorService executor;
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private volatile LeaderElector elector;
  private volatile CompletableFuture<?> election;

  private AuditLeadership(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Runnable onStart,
      Runnable onStop) {
    this.client = client;
    this.lock = new LeaseLock(namespace, leaseName, identity);
    this.identity = identity;
    this.onStart = onStart;
    this.onStop = onStop;
    // Its own thread: renewals must not wait behind an audit that lists a large cluster.
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "celador-audit-lease");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts campaigning for the Lease {@code leaseName}; {@code onStart} runs when this replica
   * becomes the leader, {@code onStop} when it stops being it (lost renewal or close).
   */
  static AuditLeadership start(
      KubernetesClient client, String leaseName, Runnable onStart, Runnable onStop) {
    AuditLeadership leadership =
        new AuditLeadership(client, namespace(client), leaseName, newIdentity(), onStart, onStop);
    leadership.campaign();
    return leadership;
  }

  /**
   * fabric8's elector ends once leadership is lost; a replica that lost it (an API server outage
   * longer than the renew deadline) must stand again, or the audit would stop for good.
   */
  private void campaign() {
    if (closed) {
      return;
    }
    LeaderElector next =
        new LeaderElector(
            client,
            new LeaderElectionConfigBuilder()
                .withName("celador-audit")
                .withLock(lock)
                .withLeaseDuration(LEASE)
                .withRenewDeadline(RENEW_DEADLINE)
                .withRetryPeriod(RETRY)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build(),
            executor);
    elector = next;
    CompletableFuture<?> running = next.start();
    election = running;
    running.whenComplete(
        (ok, error) -> {
          if (error != null && !closed) {
            LOG.atWarn()
                .addKeyValue("lease", lock.describe())
                .addKeyValue("error", error.toString())
                .log("audit leader election failed; standing again");
          }
          if (!closed) {
            CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(this::campaign);
          }
        });
  }

  private void started() {
    leading.set(true);
    LOG.atInfo()
        .addKeyValue("lease", lock.describe())
        .addKeyValue("identity", identity)
        .log("audit leader: this replica audits");
    onStart.run();
  }

  private void stopped() {
    if (leading.getAndSet(false)) {
      LOG.atInfo()
          .addKeyValue("lease", lock.describe())
          .addKeyValue("identity", identity)
          .log("audit leadership ended: this replica stops auditing");
      onStop.run();
    }
  }

  private void newLeader(String leader) {
    if (!identity.equals(leader)) {
      LOG.atInfo()
          .addKeyValue("lease", lock.describe())
          .addKeyValue("leader", leader)
          .log("audit leader");
    }
  }

  /**
   * The Lease's namespace: the pod's own (the chart's POD_NAMESPACE, else the service account's
   * mounted namespace), else the kubeconfig's current namespace, else {@code default}.
   */
  static String namespace(KubernetesClient client) {
    String env = System.getenv("POD_NAMESPACE");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
        String mounted = Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
        if (!mounted.isEmpty()) {
          return mounted;
        }
      }
    } catch (IOException e) {
      // Fall through to the kubeconfig's namespace.
    }
    String configured = client.getNamespace();
    return configured == null || configured.isBlank() ? "default" : configured;
  }

  /** The pod's name where there is one, made unique so two processes on one host never tie. */
  private static String newIdentity() {
    String host = System.getenv("HOSTNAME");
    String prefix = host == null || host.isBlank() ? "celador" : host.trim();
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void close() {
    closed = true;
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
    }
    LeaderElector current = elector;
    if (current != null) {
      // Releasing the Lease lets another replica take over at its next retry instead of waiting
      // out the lease.
      try {
        current.release();
      } catch (RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("lease", lock.describe())
            .addKeyValue("error", e.toString())
            .log("could not release the audit Lease; another replica takes over when it expires");
      }
    }
    stopped();
    executor.shutdownNow();
  }
}
