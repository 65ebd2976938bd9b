package dev.celador.webhook;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The standalone webhook's {@code /healthz} and {@code /readyz} on its management port, in the body
 * {@code celador serve} answers with ({@link WebhookStatus}): {@code {"live":true,
 * "admission":{...}}} and {@code {"ready":true,"admission":{...}}}, 503 when false. Under {@code
 * celador serve --admission} the webhook has no management port and serve's probes answer.
 */
@Configuration(proxyBeanMethods = false)
class ProbeEndpoints {

  private static final String JSON = "application/json";

  @Bean
  Liveness celadorLiveness(ConfigurableApplicationContext context) {
    return new Liveness(context);
  }

  @Bean
  Readiness celadorReadiness(ConfigurableApplicationContext context) {
    return new Readiness(context);
  }

  private static String tlsMode(ConfigurableApplicationContext context) {
    return context.getEnvironment().getProperty("celador.webhook.tls.mode", "files").trim();
  }

  private static WebEndpointResponse<String> answer(
      ConfigurableApplicationContext context, String probe) {
    boolean ok = WebhookStatus.ready(context);
    String body = WebhookStatus.probe(probe, ok, WebhookStatus.json(context, tlsMode(context)));
    return new WebEndpointResponse<>(body + "\n", ok ? 200 : 503);
  }

  /** Liveness: the context is up. */
  @Endpoint(id = "healthz")
  static final class Liveness {
    private final ConfigurableApplicationContext context;

    Liveness(ConfigurableApplicationContext context) {
      this.context = context;
    }

    @ReadOperation(produces = JSON)
    WebEndpointResponse<String> healthz() {
      return answer(context, "live");
    }
  }

  /** Readiness: the same fact, since the webhook starts only once it can serve. */
  @Endpoint(id = "readyz")
  static final class Readiness {
    private final ConfigurableApplicationContext context;

    Readiness(ConfigurableApplicationContext context) {
      this.context = context;
    }

    @ReadOperation(produces = JSON)
    WebEndpointResponse<String> readyz() {
      return answer(context, "ready");
    }
  }
}
