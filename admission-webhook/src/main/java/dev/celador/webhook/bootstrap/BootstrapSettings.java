package dev.celador.webhook.bootstrap;

import dev.celador.webhook.WebhookCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** The {@code celador.webhook.tls.*} settings of bootstrap mode, checked together. */
record BootstrapSettings(
    String serviceName,
    String serviceNamespace,
    String secretName,
    String secretNamespace,
    String webhookConfiguration,
    String mutatingWebhookConfiguration,
    List<String> extraNames,
    Duration caValidity,
    Duration servingValidity,
    Duration rotationOverlap,
    Duration checkInterval,
    Path directory,
    Path kubeconfig) {

  static final String PREFIX = "celador.webhook.tls.";
  static final String MODE = PREFIX + "mode";

  /**
   * Reads the settings; {@code defaultNamespace} (the client's namespace: the pod's own in a
   * cluster) stands in for an unset service namespace.
   */
  static BootstrapSettings from(Environment env, String defaultNamespace) {
    Binder binder = Binder.get(env);
    String service = required(env, "service-name");
    String namespace = env.getProperty(PREFIX + "service-namespace", "").trim();
    if (namespace.isEmpty()) {
      namespace = defaultNamespace == null ? "" : defaultNamespace;
    }
    if (namespace.isEmpty()) {
      throw new IllegalStateException(
          PREFIX
              + "service-namespace is required in bootstrap mode (no namespace in the client"
              + " configuration to default to)");
    }
    String secretName = env.getProperty(PREFIX + "secret-name", "").trim();
    String secretNamespace = env.getProperty(PREFIX + "secret-namespace", "").trim();
    String directory = env.getProperty(PREFIX + "directory", "").trim();
    String kubeconfig = env.getProperty("celador.webhook.kubeconfig", "").trim();
    BootstrapSettings settings =
        new BootstrapSettings(
            service,
            namespace,
            secretName.isEmpty() ? service + "-tls" : secretName,
            secretNamespace.isEmpty() ? namespace : secretNamespace,
            required(env, "webhook-configuration"),
            env.getProperty(PREFIX + "mutating-webhook-configuration", "").trim(),
            Arrays.stream(env.getProperty(PREFIX + "extra-sans", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList(),
            duration(binder, "ca-validity", Duration.ofDays(365)),
            duration(binder, "serving-validity", Duration.ofDays(90)),
            duration(binder, "rotation-overlap", Duration.ofMinutes(10)),
            duration(binder, "check-interval", Duration.ofMinutes(1)),
            directory.isEmpty() ? null : Path.of(directory),
            kubeconfig.isEmpty() ? null : Path.of(kubeconfig));
    settings.check();
    return settings;
  }

  /** {@code <svc>.<ns>.svc}, {@code <svc>.<ns>.svc.cluster.local}, then the extra names. */
  List<String> names() {
    List<String> names =
        new ArrayList<>(WebhookCertificates.serviceNames(serviceName, serviceNamespace));
    names.addAll(extraNames);
    return names;
  }

  private void check() {
    positive("ca-validity", caValidity);
    positive("serving-validity", servingValidity);
    positive("check-interval", checkInterval);
    // Replicas pick up a new Secret within one check interval; the overlap must outlast that.
    if (rotationOverlap.compareTo(checkInterval.multipliedBy(2)) < 0) {
      throw new IllegalStateException(
          PREFIX
              + "rotation-overlap ("
              + rotationOverlap
              + ") must be at least twice "
              + PREFIX
              + "check-interval ("
              + checkInterval
              + ") so every replica sees each step of a CA rotation");
    }
    // Rotation starts with a third of the CA's life left and takes two overlaps.
    if (caValidity.compareTo(rotationOverlap.multipliedBy(6)) < 0) {
      throw new IllegalStateException(
          PREFIX + "ca-validity must be at least six times " + PREFIX + "rotation-overlap");
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalStateException(PREFIX + name + " must be positive, got " + value);
    }
  }

  private static String required(Environment env, String name) {
    String value = env.getProperty(PREFIX + name, "").trim();
    if (value.isEmpty()) {
      throw new IllegalStateException(PREFIX + name + " is required in bootstrap mode");
    }
    return value;
  }

  /** Checked and made ISO-8601 by {@code WebhookDurations} before this runs. */
  private static Duration duration(Binder binder, String name, Duration fallback) {
    return binder.bind(PREFIX + name, Duration.class).orElse(fallback);
  }
}
