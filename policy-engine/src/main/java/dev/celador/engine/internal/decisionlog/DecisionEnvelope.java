package dev.celador.engine.internal.decisionlog;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JsonGenerator;

/**
 * The fields every decision-log line starts with, whichever front door decided (see
 * docs/decision-log.md): {@code time}, {@code decision_id}, {@code type}, {@code revision}, {@code
 * trace_id} and {@code span_id} (when the request carried a valid {@code traceparent}), {@code
 * allowed}, {@code status} (when there is one) and {@code duration_us}. The front door's own fields
 * follow.
 *
 * @param type {@link #EXT_AUTHZ} or {@link #ADMISSION}
 * @param revision the policy set's revision, "" when none is loaded
 * @param trace the caller's trace, null when it sent none
 * @param status the HTTP status of the answer, 0 when there is none to log
 */
public record DecisionEnvelope(
    Instant time,
    String type,
    String revision,
    TraceParent trace,
    boolean allowed,
    int status,
    long durationMicros) {

  public static final String EXT_AUTHZ = "ext_authz";
  public static final String ADMISSION = "admission";

  /** Opens the line's object and writes the envelope; the caller adds its fields and closes it. */
  public void start(JsonGenerator json) {
    json.writeStartObject();
    json.writeStringProperty("time", time.toString());
    json.writeStringProperty("decision_id", newDecisionId());
    json.writeStringProperty("type", type);
    if (!revision.isEmpty()) {
      json.writeStringProperty("revision", revision);
    }
    if (trace != null) {
      json.writeStringProperty("trace_id", trace.traceId());
      json.writeStringProperty("span_id", trace.spanId());
    }
    json.writeBooleanProperty("allowed", allowed);
    if (status != 0) {
      json.writeNumberProperty("status", status);
    }
    json.writeNumberProperty("duration_us", durationMicros);
  }

  /**
   * A fresh random UUID (version 4 layout). The id names a line, it guards nothing, so
   * ThreadLocalRandom is enough and avoids SecureRandom's cost and contention per request.
   */
  static String newDecisionId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
    return new UUID(high, low).toString();
  }
}
