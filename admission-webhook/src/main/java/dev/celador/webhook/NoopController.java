package dev.celador.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /noop}: reads the body as {@code /validate} does and answers a fixed allowed
 * AdmissionReview, on the same server, TLS and servlet stack as {@code /validate} — the baseline
 * the load script compares the webhook with. Only with {@code celador.webhook.noop-endpoint=true};
 * never on in production.
 */
@RestController
@ConditionalOnProperty(name = "celador.webhook.noop-endpoint", havingValue = "true")
public class NoopController {

  private static final byte[] ALLOWED =
      ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
              + "\"response\":{\"uid\":\"noop\",\"allowed\":true}}")
          .getBytes(StandardCharsets.UTF_8);

  private final int maxBytes;

  public NoopController(@Value(RequestBody.MAX_BYTES_SETTING) int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @PostMapping(path = "/noop", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> noop(HttpServletRequest http) throws IOException {
    RequestBody.read(http, maxBytes);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ALLOWED);
  }
}
