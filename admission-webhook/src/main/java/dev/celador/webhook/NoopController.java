package dev.celador.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /noop}: reads the body and answers a fixed allowed AdmissionReview, on the same
 * server, TLS and servlet stack as {@code /validate} — the baseline the load script compares the
 * webhook with. Only with {@code celador.webhook.noop-endpoint=true}; never on in production.
 */
@RestController
@ConditionalOnProperty(name = "celador.webhook.noop-endpoint", havingValue = "true")
public class NoopController {

  private static final byte[] ALLOWED =
      ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
              + "\"response\":{\"uid\":\"noop\",\"allowed\":true}}")
          .getBytes(StandardCharsets.UTF_8);

  @PostMapping(path = "/noop", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> noop(HttpServletRequest http) throws IOException {
    // Read as /validate reads: one array of the declared length (readAllBytes would allocate
    // two 16 KB chunks for a typical review and make the baseline slower than it needs to be).
    long declared = http.getContentLengthLong();
    try (InputStream in = http.getInputStream()) {
      if (declared >= 0 && declared <= Integer.MAX_VALUE - 8) {
        in.readNBytes((int) declared);
      } else {
        in.readAllBytes();
      }
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ALLOWED);
  }
}
