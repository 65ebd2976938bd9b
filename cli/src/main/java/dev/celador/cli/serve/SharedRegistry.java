package dev.celador.cli.serve;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Puts the webhook's meters on serve's registry, so one management port serves both front doors:
 * serve's {@link PrometheusMeterRegistry} is a singleton of the webhook's context before it
 * refreshes (Spring Boot's own Prometheus registry then backs off, and the webhook's meters, its
 * Tomcat and HTTP server meters bind to serve's), and the webhook opens no management server.
 *
 * <p>Registered as a ready object, the registry is not post-processed by Spring Boot: no {@code
 * management.metrics.*} filters land on a registry that already has meters (Micrometer warns about
 * such late filters) and it is not added to the global registry. The context's {@link MeterBinder}s
 * are bound here instead, once it has refreshed. Spring Boot's JVM and system binders are excluded,
 * since serve binds those itself ({@link ProcessMeters}) and a second GC binder would count every
 * pause twice.
 *
 * <p>Spring Boot closes every registry of a context when the context closes, this one included; a
 * closed registry still scrapes its meters but registers no new ones. The webhook stops last, at
 * serve's shutdown, after the ext_authz server, so nothing is lost; a webhook context that ended
 * while serve ran fails {@code /healthz} anyway ({@link WebhookHealth}).
 */
final class SharedRegistry
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private final PrometheusMeterRegistry registry;

  SharedRegistry(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** The webhook's settings under serve: no management server, no JVM binders of its own. */
  static List<String> arguments() {
    return List.of(
        // -1: actuator's HTTP endpoints off; serve's management port answers for the webhook.
        "--management.server.port=-1",
        "--spring.autoconfigure.exclude="
            + JvmMetricsAutoConfiguration.class.getName()
            + ","
            + SystemMetricsAutoConfiguration.class.getName());
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getBeanFactory().registerSingleton("celadorServeMeterRegistry", registry);
    context.addApplicationListener(
        (ApplicationListener<ContextRefreshedEvent>)
            refreshed -> {
              if (refreshed.getApplicationContext() == context) {
                context
                    .getBeanProvider(MeterBinder.class)
                    .orderedStream()
                    .forEach(binder -> binder.bindTo(registry));
              }
            });
  }
}
