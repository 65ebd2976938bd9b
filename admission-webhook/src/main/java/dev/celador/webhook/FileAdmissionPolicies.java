package dev.celador.webhook;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionContexts;
import dev.celador.engine.internal.admission.ObjectFileException;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.internal.source.FilePoller;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Admission policies with their params and Namespaces from files (the offline sources, and {@code
 * celador.webhook.source=files}, the default): {@code celador.webhook.policies}, {@code
 * celador.webhook.params} and {@code celador.webhook.namespaces} (comma-separated files or
 * directories), held in a {@link PolicyEngine}'s snapshot.
 *
 * <p>Standalone the webhook has an engine of its own: a load with errors fails startup with every
 * diagnostic; afterwards the files are polled every {@code celador.webhook.reload-interval}, and a
 * change is loaded and swapped in with its params and Namespaces at once, or not at all (the last
 * good set stays, logged and counted). Under {@code serve} the webhook {@linkplain #sharing shares
 * serve's engine}: with no policies of its own, serve loads and reloads the policy directory once
 * for both front doors and only params and Namespaces are polled here; with policies of its own,
 * they become the shared engine's admission policies ({@link PolicyEngine#reloadAdmissionFiles})
 * and serve's directory feeds only the access side.
 */
public class FileAdmissionPolicies implements AdmissionPolicies, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(FileAdmissionPolicies.class);

  private final PolicyEngine engine;
  private final boolean ownsEngine;
  private final List<Path> policies;
  private final List<Path> params;
  private final List<Path> namespaces;
  private final FilePoller poller;
  private final WebhookMetrics metrics;

  /** Policies, params and Namespaces from files, in an engine of the webhook's own. */
  public FileAdmissionPolicies(
      List<String> policies,
      List<String> params,
      List<String> namespaces,
      Duration interval,
      WebhookMetrics metrics) {
    this(
        PolicyEngine.create(Clock.systemUTC()),
        true,
        policies,
        params,
        namespaces,
        interval,
        metrics);
  }

  /**
   * Admission policies from files in {@code engine}, whose owner ({@code serve}) loads the access
   * side; with no {@code policies}, the engine's own admission policies (from serve's directory)
   * with params and Namespaces from files.
   */
  public static FileAdmissionPolicies sharing(
      PolicyEngine engine,
      List<String> policies,
      List<String> params,
      List<String> namespaces,
      Duration interval,
      WebhookMetrics metrics) {
    return new FileAdmissionPolicies(
        engine, false, policies, params, namespaces, interval, metrics);
  }

  private FileAdmissionPolicies(
      PolicyEngine engine,
      boolean ownsEngine,
      List<String> policies,
      List<String> params,
      List<String> namespaces,
      Duration interval,
      WebhookMetrics metrics) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.policies = paths(policies);
    this.params = paths(params);
    this.namespaces = paths(namespaces);
    this.metrics = metrics;
    if (!ownsEngine && this.policies.isEmpty() && engine.snapshot().isEmpty()) {
      throw new IllegalStateException("the shared engine has no policies loaded");
    }
    List<Path> watched = new ArrayList<>(this.policies);
    watched.addAll(this.params);
    watched.addAll(this.namespaces);
    // Fingerprinted before the first load, so an edit during start-up is seen by the first poll.
    this.poller = new FilePoller(watched, "celador-policy-reload");
    load();
    metrics.policiesFrom(() -> current().set().policyCount());
    if (!watched.isEmpty()) {
      poller.start(interval, this::reload, this::notReloaded);
    }
  }

  @Override
  public Active current() {
    return Active.of(engine.snapshot().orElseThrow());
  }

  /** Loads again (the files changed); a load that fails throws and keeps the last good set. */
  private void reload() {
    load();
    metrics.reloaded(true);
    LOG.atInfo()
        .addKeyValue("policies", current().set().policyCount())
        .log("admission policies reloaded");
  }

  private void notReloaded(RuntimeException e) {
    metrics.reloaded(false);
    LOG.atError()
        .addKeyValue("error", e.getMessage())
        .log("admission policies not reloaded, keeping the last good set");
  }

  /** Reads params and Namespaces and, with an engine of its own, the policies; all or nothing. */
  private void load() {
    AdmissionContext context;
    try {
      context = AdmissionContexts.fromFiles(params, namespaces, DeclaredAuthorizer.none());
    } catch (ObjectFileException e) {
      throw new IllegalStateException(
          "admission params or namespaces did not load: " + e.getMessage());
    }
    if (!ownsEngine && policies.isEmpty()) {
      engine.admissionContext(context);
      return;
    }
    LoadResult loaded =
        ownsEngine
            ? engine.reload(policies, context)
            : engine.reloadAdmissionFiles(policies, context);
    if (loaded.hasErrors()) {
      throw new IllegalStateException(
          "admission policies did not load:\n"
              + loaded.diagnostics().stream()
                  .map(d -> d.headline())
                  .collect(Collectors.joining("\n")));
    }
  }

  private static List<Path> paths(List<String> values) {
    return values.stream().filter(v -> !v.isBlank()).map(v -> Path.of(v.trim())).toList();
  }

  @Override
  public void destroy() {
    poller.close();
    if (ownsEngine) {
      engine.close();
    }
  }
}
