package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.engine.PolicyEngine;
import dev.celador.webhook.AdmissionSourceConfiguration;
import dev.celador.webhook.WebhookApplication;
import dev.celador.webhook.WebhookDurations;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The admission webhook inside {@code celador serve} ({@code --admission}, {@code
 * celador.webhook.enabled}): the same Spring Boot application the admission-webhook module ships,
 * started in this JVM with the {@code celador.webhook.*} settings as its properties, and with no
 * other source of them: serve's {@link Settings} are the one settings model.
 */
final class AdmissionWebhookRunner {

  /** The webhook's settings and their defaults in {@code serve} (see docs/serve.md). */
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("celador.webhook.enabled", "false");
    d.put("celador.webhook.host", "0.0.0.0");
    d.put("celador.webhook.port", "9443");
    // files: policy files below; cluster: ValidatingPolicy custom resources
    // (docs/cluster-sources.md).
    d.put("celador.webhook.source", "files");
    d.put("celador.webhook.cluster.sync-timeout", "60s");
    // Empty: the admission kinds in celador.policies.
    d.put("celador.webhook.policies", "");
    d.put("celador.webhook.params", "");
    d.put("celador.webhook.namespaces", "");
    d.put("celador.webhook.reload-interval", "2s");
    d.put("celador.webhook.max-request-bytes", "3145728");
    d.put("celador.webhook.max-connections", "512");
    d.put("celador.webhook.accept-count", "100");
    d.put("celador.webhook.max-keep-alive-requests", "10000");
    d.put("celador.webhook.read-timeout", "10s");
    d.put("celador.webhook.header-timeout", "10s");
    d.put("celador.webhook.header-timeout-when-full", "10s");
    d.put("celador.webhook.idle-timeout", "60s");
    d.put("celador.webhook.http2.initial-window-size", "65535");
    d.put("celador.webhook.kubeconfig", "");
    d.put("celador.webhook.tls.mode", "files");
    d.put("celador.webhook.tls.certificate", "");
    d.put("celador.webhook.tls.private-key", "");
    d.put("celador.webhook.tls.quiet-period", "10s");
    d.put("celador.webhook.tls.protocols", "TLSv1.3,TLSv1.2");
    // Empty: the AEAD-only list in the webhook's application.properties.
    d.put("celador.webhook.tls.ciphers", "");
    d.put("celador.webhook.tls.service-name", "");
    d.put("celador.webhook.tls.service-namespace", "");
    d.put("celador.webhook.tls.secret-name", "");
    d.put("celador.webhook.tls.secret-namespace", "");
    d.put("celador.webhook.tls.webhook-configuration", "");
    d.put("celador.webhook.tls.mutating-webhook-configuration", "");
    d.put("celador.webhook.tls.extra-sans", "");
    d.put("celador.webhook.tls.ca-validity", "365d");
    d.put("celador.webhook.tls.serving-validity", "90d");
    d.put("celador.webhook.tls.rotation-overlap", "10m");
    d.put("celador.webhook.tls.check-interval", "1m");
    d.put("celador.webhook.tls.directory", "");
    return Map.copyOf(d);
  }

  /**
   * Settings the standalone webhook has and serve has not: under serve the webhook's health and
   * metrics are on serve's management port ({@link SharedRegistry}).
   */
  static final Map<String, String> REMOVED =
      Map.of(
          "celador.webhook.management-port", "celador.management.port",
          "celador.webhook.management-host", "celador.management.host");

  /** The running webhook. */
  record Running(ConfigurableApplicationContext context, int port) {}

  private AdmissionWebhookRunner() {}

  static boolean enabled(Settings settings) {
    return settings.bool("celador.webhook.enabled");
  }

  /**
   * Starts the webhook with its meters on {@code registry} and returns once it listens; a start-up
   * failure is a UserException.
   *
   * @param engine serve's, which the webhook admits with
   * @param openTelemetry serve's tracing, which records the webhook's review spans too
   */
  static Running start(
      Settings settings,
      Path policies,
      PrometheusMeterRegistry registry,
      PolicyEngine engine,
      OpenTelemetry openTelemetry) {
    List<String> args = arguments(settings, policies);
    SpringApplication application = WebhookApplication.application();
    application.addListeners(new SettingsOnly());
    application.addInitializers(new SharedRegistry(registry));
    application.addInitializers(shared(WebhookApplication.OPEN_TELEMETRY, openTelemetry));
    // One engine behind both front doors: the webhook admits with the snapshot ext_authz decides
    // with, its admission side loaded from serve's directory or from the webhook's own source.
    application.addInitializers(shared(AdmissionSourceConfiguration.SHARED_ENGINE, engine));
    // serve's own shutdown hook stops the webhook, in order with the other ports.
    application.setRegisterShutdownHook(false);
    ConfigurableApplicationContext context;
    try {
      context = application.run(args.toArray(String[]::new));
    } catch (RuntimeException e) {
      throw new UserException("admission webhook did not start: " + rootMessage(e));
    }
    return new Running(
        context, Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1")));
  }

  /** Puts one of serve's objects into the webhook's context as bean {@code name}. */
  private static ApplicationContextInitializer<ConfigurableApplicationContext> shared(
      String name, Object bean) {
    return context -> context.getBeanFactory().registerSingleton(name, bean);
  }

  /** Whether the webhook admits with serve's policy directory, rather than files or a cluster. */
  static boolean sharesPolicies(Settings settings) {
    return settings.string("celador.webhook.policies").isEmpty()
        && !"cluster".equals(settings.string("celador.webhook.source"));
  }

  /** {@code --name=value} for every non-empty webhook setting. */
  static List<String> arguments(Settings settings, Path policies) {
    Map<String, String> values = settings.withPrefix("celador.webhook.");
    values.remove("celador.webhook.enabled");
    if (sharesPolicies(settings)) {
      if (policies == null) {
        // serve reads its ext_authz policies from the cluster, so there is no directory to share.
        throw new UserException(
            "the admission webhook needs policies: set celador.webhook.source=cluster or"
                + " celador.webhook.policies (files or directories)");
      }
      // No policies argument: the webhook admits with serve's engine, which loads the directory.
    }
    boolean bootstrap = values.get("celador.webhook.tls.mode").equals("bootstrap");
    if (!bootstrap
        && (values.get("celador.webhook.tls.certificate").isEmpty()
            || values.get("celador.webhook.tls.private-key").isEmpty())) {
      throw new UserException(
          "the admission webhook serves HTTPS only: set celador.webhook.tls.certificate and"
              + " celador.webhook.tls.private-key (PEM files), or celador.webhook.tls.mode=bootstrap");
    }
    if (!bootstrap) {
      // Spring resource locations; plain paths are what the rest of serve's settings take.
      values.computeIfPresent("celador.webhook.tls.certificate", (k, v) -> fileUrl(v));
      values.computeIfPresent("celador.webhook.tls.private-key", (k, v) -> fileUrl(v));
    }
    // Checked here so a bad one is serve's user error naming it, in the same words as the others.
    WebhookDurations.SETTINGS.forEach(settings::duration);
    List<String> args = new ArrayList<>();
    // serve's --config is the settings file: no application.properties from the working directory.
    args.add("--spring.config.location=optional:classpath:/");
    // /validate-celador judges objects with the tenancy rules the ext_authz side loads them with.
    args.add("--celador.root-namespace=" + settings.string("celador.root-namespace"));
    args.add("--celador.log.level=" + settings.string("celador.log.level"));
    // serve logs its own "admission webhook listening" line; Spring's would name CeladorCommand.
    args.add("--spring.main.log-startup-info=false");
    args.addAll(SharedRegistry.arguments());
    values.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            args.add("--" + k + "=" + v);
          }
        });
    return args;
  }

  private static String fileUrl(String path) {
    return path.startsWith("file:") || path.startsWith("classpath:") ? path : "file:" + path;
  }

  /** The first message in the cause chain not from a Spring wrapper exception. */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getClass().getName().startsWith("org.springframework.")) {
        return t.getMessage();
      }
    }
    return e.toString();
  }

  /**
   * Keeps {@code CELADOR_*} variables out of the webhook's Spring environment: {@link Settings} has
   * read them already, at their place in serve's precedence, so Spring reading them again could
   * only let one outvote a {@code --set} (one set to empty, which is not passed on).
   */
  static final class SettingsOnly
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE; // before Spring Boot reads anything from it
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      withoutCeladorVariables(event.getEnvironment());
    }

    static void withoutCeladorVariables(ConfigurableEnvironment env) {
      String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
      Map<String, Object> kept = new LinkedHashMap<>(env.getSystemEnvironment());
      kept.keySet().removeIf(k -> k.startsWith(EnvironmentSettings.PREFIX));
      if (env.getPropertySources().contains(name)) {
        env.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, kept));
      }
    }
  }

  static void stop(Running running) {
    running.context().close();
  }
}
