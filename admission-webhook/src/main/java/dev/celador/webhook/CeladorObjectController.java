package dev.celador.webhook;

import dev.celador.cluster.ObjectCheck;
import dev.celador.cluster.crd.CeladorGroup;
import dev.celador.engine.PolicyDefaults;
import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.parse.Tenancy;
import jakarta.servlet.http.HttpServletRequest;
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
 * {@code POST /validate-celador}: the validating webhook for Celador's own kinds ({@code
 * celador.dev}). A created or updated object is judged as the cluster sources would load it ({@link
 * ObjectCheck}); one that would be refused is refused now, at {@code kubectl apply}, with the
 * messages {@code celador check} prints (422 Invalid), and its warnings are passed on. Other
 * groups, deletes and subresources are allowed: they are not this endpoint's business.
 */
@RestController
public class CeladorObjectController {

  private static final Logger LOG = LoggerFactory.getLogger(CeladorObjectController.class);

  private final ObjectCheck check;
  private final int maxBytes;

  public CeladorObjectController(
      @Value("${celador.root-namespace:" + Tenancy.DEFAULT_ROOT_NAMESPACE + "}") String root,
      @Value(RequestBody.MAX_BYTES_SETTING) int maxBytes) {
    // The default action does not change whether an object compiles.
    this.check = new ObjectCheck(new PolicyDefaults(new Tenancy(root), DefaultAction.ALLOW));
    this.maxBytes = maxBytes;
  }

  @PostMapping(path = "/validate-celador", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> validate(HttpServletRequest http) {
    RequestBody.Read read = RequestBody.readWithin(http, maxBytes);
    if (read.error() != null) {
      return read.error();
    }
    AdmissionRequest request;
    try {
      request = AdmissionReviewReader.read(read.body());
    } catch (BadReviewException e) {
      return AdmissionReviewController.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    AdmissionDecision decision = decide(request);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(AdmissionReviewController.utf8(AdmissionReviewMapper.write(request.uid(), decision)));
  }

  @SuppressWarnings("unchecked")
  private AdmissionDecision decide(AdmissionRequest request) {
    boolean ours =
        CeladorGroup.NAME.equals(request.kind().group())
            && (request.subResource() == null || request.subResource().isEmpty())
            && ("CREATE".equals(request.operation()) || "UPDATE".equals(request.operation()));
    if (!ours || !(request.object() instanceof Map<?, ?> object)) {
      return new AdmissionDecision(true, 200, "", "", List.of(), Map.of());
    }
    ObjectCheck.Result result = check.check((Map<String, Object>) object);
    // A warning is one line for kubectl: the headline, without the source line and caret.
    List<String> warnings =
        result.warnings().stream().map(w -> w.lines().findFirst().orElse(w)).toList();
    if (result.valid()) {
      return new AdmissionDecision(true, 200, "", "", warnings, Map.of());
    }
    String message = String.join("\n", result.errors());
    LOG.info(
        "refused {} {}/{}: {}",
        request.kind().kind(),
        request.namespace(),
        request.name(),
        message.lines().findFirst().orElse(""));
    return new AdmissionDecision(false, 422, "Invalid", message, warnings, Map.of());
  }
}
