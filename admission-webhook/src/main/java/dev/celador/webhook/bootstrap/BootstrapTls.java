package dev.celador.webhook.bootstrap;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code celador.webhook.tls.mode=bootstrap}: before the HTTPS server starts, the serving
 * certificate comes from the TLS Secret (created if missing), is written to files and the
 * certificate-file settings are pointed at them; afterwards a background round every {@code
 * check-interval} renews and rotates through the Secret, keeps caBundle patched, and rewrites the
 * files, which the server reloads as in files mode. In files mode (the default) this does nothing.
 * One instance per application run.
 */
public final class BootstrapTls implements ApplicationListener<SpringApplicationEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapTls.class);

  private KubernetesClient client;
  private TlsSync sync;
  private BootstrapSettings settings;
  private ScheduledExecutorService rounds;
  private ServingFiles ownedFiles;
  private final TlsMetrics metrics = new TlsMetrics();

  @Override
  public void onApplicationEvent(SpringApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
      start(prepared.getEnvironment());
    } else if (event instanceof ApplicationPreparedEvent ready && sync != null) {
      // A MeterBinder singleton: actuator binds it to the registry that serves /metrics.
      ready
          .getApplicationContext()
          .getBeanFactory()
          .registerSingleton("celadorTlsMetrics", metrics);
      ready
          .getApplicationContext()
          .addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> close());
      scheduleRounds();
    } else if (event instanceof ApplicationFailedEvent) {
      close();
    }
  }

  private void start(ConfigurableEnvironment env) {
    String mode = env.getProperty(BootstrapSettings.MODE, "files").trim().toLowerCase(Locale.ROOT);
    if (mode.equals("files")) {
      return;
    }
    if (!mode.equals("bootstrap")) {
      throw new IllegalStateException(
          BootstrapSettings.MODE + " must be 'files' or 'bootstrap', got '" + mode + "'");
    }
    String kubeconfig = env.getProperty("celador.webhook.kubeconfig", "").trim();
    Config config =
        kubeconfig.isEmpty()
            ? Config.autoConfigure(null)
            : Config.fromKubeconfig(Path.of(kubeconfig).toFile());
    client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      settings = BootstrapSettings.from(env, client.getNamespace());
      ServingFiles files = new ServingFiles(directory(settings));
      if (settings.directory() == null) {
        ownedFiles = files;
      }
      CaBundlePatcher patcher =
          new CaBundlePatcher(
              client, settings.webhookConfiguration(), settings.mutatingWebhookConfiguration());
      sync =
          new TlsSync(
              new TlsSecretStore(client, settings.secretNamespace(), settings.secretName()),
              patcher,
              files,
              new TlsPlanner(
                  settings.names(),
                  settings.caValidity(),
                  settings.servingValidity(),
                  settings.rotationOverlap()),
              Clock.systemUTC());
      metrics.synced(sync.run());
      env.getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "celador-bootstrap-tls",
                  Map.of(
                      "celador.webhook.tls.certificate", "file:" + files.certificate(),
                      "celador.webhook.tls.private-key", "file:" + files.privateKey())));
      LOG.info(
          "bootstrap TLS: Secret {}/{}, caBundle of {}, names {}",
          settings.secretNamespace(),
          settings.secretName(),
          patcher.describe(),
          settings.names());
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("bootstrap TLS failed: " + e.getMessage(), e);
    }
  }

  private void scheduleRounds() {
    rounds =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "celador-bootstrap-tls");
              t.setDaemon(true);
              return t;
            });
    long millis = settings.checkInterval().toMillis();
    rounds.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** A failed round keeps serving what it has; the next round tries again. */
  private void round() {
    try {
      metrics.synced(sync.run());
    } catch (RuntimeException e) {
      metrics.failed();
      LOG.warn(
          "bootstrap TLS round failed, retrying in {}: {}", settings.checkInterval(), e.toString());
    }
  }

  private static Path directory(BootstrapSettings settings) {
    if (settings.directory() != null) {
      return settings.directory();
    }
    try {
      Path dir =
          Files.createTempDirectory(
              "celador-webhook-tls",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for the serving certificate", e);
    }
  }

  private synchronized void close() {
    if (rounds != null) {
      rounds.shutdownNow();
      rounds = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
    if (ownedFiles != null) {
      // A temporary directory of ours: the key must not outlive the process.
      ownedFiles.delete();
      ownedFiles = null;
    }
  }
}
