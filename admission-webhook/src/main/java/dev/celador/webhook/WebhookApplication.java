package dev.celador.webhook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The admission webhook: {@code POST /validate} takes an AdmissionReview v1 and answers with the
 * decision of the loaded ValidatingAdmissionPolicies, over HTTPS only.
 */
@SpringBootApplication
public class WebhookApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebhookApplication.class, args);
  }
}
