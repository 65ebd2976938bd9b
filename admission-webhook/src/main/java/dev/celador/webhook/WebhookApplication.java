package dev.celador.webhook;

import dev.celador.logging.SpringLogLevel;
import dev.celador.webhook.bootstrap.BootstrapTls;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The admission webhook: {@code POST /validate} takes an AdmissionReview v1 and answers with the
 * decision of the loaded ValidatingAdmissionPolicies, over HTTPS only.
 */
@SpringBootApplication
public class WebhookApplication {

  /**
   * The bean name of the OpenTelemetry instance review spans are recorded through; {@code celador
   * serve} registers its own when tracing is on, without one reviews make no spans.
   */
  public static final String OPEN_TELEMETRY = "celadorOpenTelemetry";

  public static void main(String[] args) {
    application().run(args);
  }

  /**
   * The application with its start-up hooks (celador.log.level, durations read in Celador's syntax,
   * then bootstrap TLS); {@code celador serve} runs it too.
   */
  public static SpringApplication application() {
    SpringApplication application = new SpringApplication(WebhookApplication.class);
    application.addListeners(new SpringLogLevel(), new WebhookDurations(), new BootstrapTls());
    return application;
  }
}
