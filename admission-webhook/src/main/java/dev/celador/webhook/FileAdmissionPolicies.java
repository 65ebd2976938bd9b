package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.AdmissionContexts;
import dev.celador.engine.admission.AdmissionEngine;
import dev.celador.engine.admission.ObjectFileException;
import dev.celador.engine.cel.k8s.DeclaredAuthorizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Admission policies with their params and Namespaces, all from files (the offline sources, and
 * {@code celador.webhook.source=files}, the default): {@code celador.webhook.policies}, {@code
 * celador.webhook.params} and {@code celador.webhook.namespaces} (comma-separated files or
 * directories). A load with errors fails startup with every diagnostic. Afterwards the files are
 * polled every {@code celador.webhook.reload-interval}; a change is loaded and swapped in
 * atomically, and a change that does not load keeps the last good set (logged and counted).
 */
public class FileAdmissionPolicies implements AdmissionPolicies, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(FileAdmissionPolicies.class);

  private final List<Path> policies;
  private final List<Path> params;
  private final List<Path> namespaces;
  private final AtomicReference<Active> active = new AtomicReference<>();
  private final ScheduledExecutorService poller;
  private final WebhookMetrics metrics;
  private FileFingerprint loadedFrom;

  public FileAdmissionPolicies(
      List<String> policies,
      List<String> params,
      List<String> namespaces,
      Duration interval,
      WebhookMetrics metrics) {
    this.policies = paths(policies);
    this.params = paths(params);
    this.namespaces = paths(namespaces);
    this.metrics = metrics;
    this.loadedFrom = fingerprint();
    active.set(load());
    metrics.policiesLoaded(active.get().set().policyCount());
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "celador-policy-reload");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(100, interval.toMillis());
    poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Active current() {
    return active.get();
  }

  /** Loads again when any file changed since the last attempt; keeps the last good set on error. */
  void reloadIfChanged() {
    FileFingerprint now = fingerprint();
    if (now.equals(loadedFrom)) {
      return;
    }
    loadedFrom = now;
    try {
      Active next = load();
      active.set(next);
      metrics.reloaded(true);
      metrics.policiesLoaded(next.set().policyCount());
      LOG.info("admission policies reloaded: {} policies", next.set().policyCount());
    } catch (RuntimeException e) {
      metrics.reloaded(false);
      LOG.error("admission policies not reloaded, keeping the last good set: {}", e.getMessage());
    }
  }

  private Active load() {
    var loaded = new AdmissionEngine().load(policies);
    if (loaded.set().isEmpty()) {
      throw new IllegalStateException(
          "admission policies did not load:\n"
              + loaded.diagnostics().stream()
                  .map(d -> d.headline())
                  .collect(Collectors.joining("\n")));
    }
    try {
      AdmissionContext context =
          AdmissionContexts.fromFiles(params, namespaces, DeclaredAuthorizer.none());
      return new Active(loaded.set().get(), context);
    } catch (ObjectFileException e) {
      throw new IllegalStateException(
          "admission params or namespaces did not load: " + e.getMessage());
    }
  }

  private FileFingerprint fingerprint() {
    List<Path> all = new ArrayList<>(policies);
    all.addAll(params);
    all.addAll(namespaces);
    return FileFingerprint.of(all);
  }

  private static List<Path> paths(List<String> values) {
    return values.stream().filter(v -> !v.isBlank()).map(v -> Path.of(v.trim())).toList();
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
  }
}
