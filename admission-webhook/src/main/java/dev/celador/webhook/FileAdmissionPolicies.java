package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionContext;
import dev.celador.engine.admission.AdmissionContexts;
import dev.celador.engine.admission.AdmissionEngine;
import dev.celador.engine.admission.ObjectFileException;
import dev.celador.engine.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.source.FilePoller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private final FilePoller poller;
  private final WebhookMetrics metrics;

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
    List<Path> all = new ArrayList<>(this.policies);
    all.addAll(this.params);
    all.addAll(this.namespaces);
    this.poller = new FilePoller(all, "celador-policy-reload");
    active.set(load());
    metrics.policiesLoaded(active.get().set().policyCount());
    poller.start(interval, this::reload, this::notReloaded);
  }

  @Override
  public Active current() {
    return active.get();
  }

  /** Loads again (the files changed); a load that fails throws and keeps the last good set. */
  private void reload() {
    Active next = load();
    active.set(next);
    metrics.reloaded(true);
    metrics.policiesLoaded(next.set().policyCount());
    LOG.info("admission policies reloaded: {} policies", next.set().policyCount());
  }

  private void notReloaded(RuntimeException e) {
    metrics.reloaded(false);
    LOG.error("admission policies not reloaded, keeping the last good set: {}", e.getMessage());
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

  private static List<Path> paths(List<String> values) {
    return values.stream().filter(v -> !v.isBlank()).map(v -> Path.of(v.trim())).toList();
  }

  @Override
  public void destroy() {
    poller.close();
  }
}
