package dev.celador.webhook;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.admission.AdmissionDecisionLog;
import dev.celador.engine.internal.admission.AdmissionMutation;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.admission.BadReviewException;
import dev.celador.engine.internal.decisionlog.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /validate} and {@code POST /mutate}: reads at most the size limit (413 beyond),
 * answers malformed bodies, duplicate keys and reviews of the wrong shape with 400 and a message
 * naming the field, and an evaluation failure with a denial (fail closed), never with a 500.
 */
@RestController
public class AdmissionReviewController {

  private static final Logger DECISIONS = LoggerFactory.getLogger("celador.decisions");

  private final AdmissionPolicies policies;
  private final WebhookMetrics metrics;
  private final Clock clock = Clock.systemUTC();
  private final int maxBytes;
  private final ReviewSpans spans;

  /**
   * @param openTelemetry tracing, when the process runs it ({@link
   *     WebhookApplication#OPEN_TELEMETRY}); without it no spans
   */
  public AdmissionReviewController(
      AdmissionPolicies policies,
      WebhookMetrics metrics,
      @Value(RequestBody.MAX_BYTES_SETTING) int maxBytes,
      ObjectProvider<OpenTelemetry> openTelemetry) {
    this.policies = policies;
    this.metrics = metrics;
    this.maxBytes = maxBytes;
    OpenTelemetry tracing = openTelemetry.getIfAvailable();
    this.spans = tracing == null ? null : new ReviewSpans(tracing);
  }

  @PostMapping(path = "/validate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> validate(HttpServletRequest http) {
    return answer(http, this::validate);
  }

  /**
   * {@code POST /mutate}: what the mutating admission policies do to the request's object, as a
   * JSONPatch from the object sent to the mutated one; no patch when nothing changed, so calling
   * again with the mutated object (reinvocation) changes nothing for idempotent mutations. Only
   * mutation: validating policies judge the result when the API server calls {@code /validate}.
   */
  @PostMapping(path = "/mutate", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> mutate(HttpServletRequest http) {
    return answer(http, this::mutate);
  }

  /** What one endpoint does with a parsed review: decide, count, trace, log; the review to send. */
  private interface Endpoint {
    String answer(
        AdmissionPolicies.Active active,
        AdmissionRequest request,
        HttpServletRequest http,
        long start);
  }

  /** The steps every endpoint shares: the body within the limit, the strict reader, 400s. */
  private ResponseEntity<byte[]> answer(HttpServletRequest http, Endpoint endpoint) {
    RequestBody.Read read = RequestBody.readWithin(http, maxBytes);
    if (read.error() != null) {
      return read.error();
    }
    long start = System.nanoTime();
    AdmissionRequest request;
    try {
      request = AdmissionReviewReader.read(read.body());
    } catch (BadReviewException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String review = endpoint.answer(policies.current(), request, http, start);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(utf8(review));
  }

  private String validate(
      AdmissionPolicies.Active active,
      AdmissionRequest request,
      HttpServletRequest http,
      long start) {
    AdmissionDecision decision =
        AdmissionReviewMapper.decide(active.set(), request, active.context());
    long nanos = System.nanoTime() - start;
    metrics.review(decision, nanos);
    TraceParent trace = trace(http);
    if (spans != null) {
      spans.record(trace, active.set().revision(), request, decision, nanos);
    }
    if (DECISIONS.isInfoEnabled()) {
      DECISIONS.info(
          AdmissionDecisionLog.line(
              clock.instant(), active.revision(), trace, request, decision, nanos / 1000));
    }
    return AdmissionReviewMapper.write(request.uid(), decision);
  }

  private String mutate(
      AdmissionPolicies.Active active,
      AdmissionRequest request,
      HttpServletRequest http,
      long start) {
    AdmissionMutation mutation =
        AdmissionReviewMapper.mutate(active.set(), request, active.context());
    long nanos = System.nanoTime() - start;
    metrics.mutation(mutation, nanos);
    TraceParent trace = trace(http);
    if (spans != null) {
      spans.record(trace, active.set().revision(), request, mutation, nanos);
    }
    if (DECISIONS.isInfoEnabled()) {
      DECISIONS.info(
          AdmissionDecisionLog.line(
              clock.instant(), active.revision(), trace, request, mutation, nanos / 1000));
    }
    return AdmissionReviewMapper.write(request.uid(), mutation);
  }

  /** The review's trace context, parsed only when a span or a log line needs it. */
  private TraceParent trace(HttpServletRequest http) {
    return spans != null || DECISIONS.isInfoEnabled()
        ? TraceParent.parse(http.getHeader(TraceParent.HEADER))
        : null;
  }

  static ResponseEntity<byte[]> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(utf8(AdmissionReviewMapper.error(message)));
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
