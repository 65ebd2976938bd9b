package dev.celador.webhook;

import dev.celador.engine.PolicyEngine;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link AdmissionPolicies} that {@code celador.webhook.source} names ({@code files},
 * the default, or {@code cluster}); any other value stops startup with a message saying so. Its
 * durations are in Celador's syntax, read by {@link WebhookDurations} first.
 */
@Configuration(proxyBeanMethods = false)
public class AdmissionSourceConfiguration {

  /**
   * The same as {@code celador serve --admission}'s. A poll only lists and stats the files ({@link
   * dev.celador.engine.internal.source.FilePoller}), so polling five times as often as the 10 s
   * this had costs little, and an edit (or a ConfigMap update) is served up to 8 s sooner.
   */
  static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);

  /**
   * The engine of {@code celador serve}, which the webhook admits with (serve registers it before
   * the context starts); absent standalone. With no policies of its own the webhook admits with the
   * admission policies in serve's directory; with its own files or the cluster, those become the
   * engine's admission side.
   */
  public static final String SHARED_ENGINE = "celadorServeEngine";

  @Bean
  AdmissionPolicies admissionPolicies(
      Environment environment, WebhookMetrics metrics, ObjectProvider<PolicyEngine> shared) {
    Binder binder = Binder.get(environment);
    String source = binder.bind("celador.webhook.source", String.class).orElse("files");
    Duration interval =
        binder
            .bind("celador.webhook.reload-interval", Duration.class)
            .orElse(DEFAULT_RELOAD_INTERVAL);
    PolicyEngine serves = shared.getIfAvailable();
    if ("files".equals(source) && serves != null) {
      return FileAdmissionPolicies.sharing(
          serves,
          strings(binder, "celador.webhook.policies"),
          strings(binder, "celador.webhook.params"),
          strings(binder, "celador.webhook.namespaces"),
          interval,
          metrics);
    }
    return switch (source) {
      case "files" ->
          new FileAdmissionPolicies(
              binder
                  .bind("celador.webhook.policies", Bindable.listOf(String.class))
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "celador.webhook.policies is required with"
                                  + " celador.webhook.source=files")),
              strings(binder, "celador.webhook.params"),
              strings(binder, "celador.webhook.namespaces"),
              interval,
              metrics);
      case "cluster" ->
          new ClusterAdmissionPolicies(
              binder.bind("celador.webhook.kubeconfig", String.class).orElse(""),
              binder
                  .bind("celador.webhook.cluster.sync-timeout", Duration.class)
                  .orElse(Duration.ofSeconds(60)),
              metrics,
              serves);
      default ->
          throw new IllegalStateException(
              "celador.webhook.source: expected files or cluster, got '" + source + "'");
    };
  }

  private static List<String> strings(Binder binder, String name) {
    return binder.bind(name, Bindable.listOf(String.class)).orElse(List.of());
  }
}
