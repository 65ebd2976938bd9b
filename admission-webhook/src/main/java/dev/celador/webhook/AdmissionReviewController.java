package dev.celador.webhook;

import dev.celador.engine.admission.AdmissionDecision;
import dev.celador.engine.admission.AdmissionRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /validate}: reads at most the size limit (413 beyond), answers malformed bodies and
 * wrong versions with 400 and a message, and an evaluation failure with a denial (fail closed),
 * never with a 500.
 */
@RestController
public class AdmissionReviewController {

  private static final Logger DECISIONS = LoggerFactory.getLogger("celador.decisions");

  private final AdmissionPolicies policies;
  private final int maxBytes;

  public AdmissionReviewController(
      AdmissionPolicies policies,
      @Value("${celador.webhook.max-request-bytes:3145728}") int maxBytes) {
    this.policies = policies;
    this.maxBytes = maxBytes;
  }

  @PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> validate(HttpServletRequest http) {
    byte[] body;
    try (InputStream in = http.getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      return error(HttpStatus.BAD_REQUEST, "cannot read the request body: " + e.getMessage());
    }
    if (body.length > maxBytes) {
      return error(
          HttpStatus.PAYLOAD_TOO_LARGE,
          "request body is larger than the limit of " + maxBytes + " bytes");
    }
    AdmissionRequest request;
    try {
      request = AdmissionReviewMapper.read(body);
    } catch (BadReviewException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    AdmissionDecision decision;
    try {
      decision = policies.current().evaluate(request, policies.context());
    } catch (RuntimeException e) {
      decision =
          new AdmissionDecision(
              false,
              500,
              "InternalError",
              "celador could not evaluate the request: " + e,
              List.of(),
              Map.of());
    }
    DECISIONS.info(
        "uid={} operation={} resource={} namespace={} name={} allowed={} code={}",
        request.uid(),
        request.operation(),
        request.resource().resource(),
        request.namespace(),
        request.name(),
        decision.allowed(),
        decision.code());
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(AdmissionReviewMapper.write(request.uid(), decision));
  }

  private static ResponseEntity<byte[]> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(AdmissionReviewMapper.error(message));
  }
}
