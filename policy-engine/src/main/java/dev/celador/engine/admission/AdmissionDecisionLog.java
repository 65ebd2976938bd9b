package dev.celador.engine.admission;

import dev.celador.engine.json.JsonText;
import java.time.Instant;

/**
 * One JSON line per admission review for the decision log: who asked to do what to which object,
 * the outcome, and what each policy and binding decided. Never the object, the old object, the
 * request options or the user's extra attributes (they can carry tokens); for Secrets not even the
 * denial message, which a messageExpression may have built from the Secret's data.
 */
public final class AdmissionDecisionLog {

  private AdmissionDecisionLog() {}

  public static String line(
      Instant time, AdmissionRequest request, AdmissionDecision decision, long micros) {
    AdmissionRequest.Gvr r = request.resource();
    return JsonText.compact(
        JsonText.Style.GO,
        json -> {
          json.writeStartObject();
          json.writeStringProperty("time", time.toString());
          json.writeStringProperty("type", "admission");
          json.writeStringProperty("uid", request.uid());
          json.writeStringProperty("operation", request.operation());
          json.writeStringProperty(
              "resource",
              (r.group().isEmpty() ? "" : r.group() + "/") + r.version() + "/" + r.resource());
          if (!request.subResource().isEmpty()) {
            json.writeStringProperty("subResource", request.subResource());
          }
          json.writeStringProperty("namespace", request.namespace());
          json.writeStringProperty("name", request.name());
          json.writeStringProperty("user", request.userInfo().username());
          json.writeBooleanProperty("dryRun", request.dryRun());
          json.writeBooleanProperty("allowed", decision.allowed());
          if (!decision.allowed()) {
            json.writeNumberProperty("code", decision.code());
            json.writeStringProperty("reason", decision.reason());
            json.writeStringProperty(
                "message",
                "secrets".equals(r.resource()) ? "(redacted: Secret)" : decision.message());
          }
          json.writeNumberProperty("warnings", decision.warnings().size());
          json.writeArrayPropertyStart("policies");
          for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
            json.writeStartObject();
            json.writeStringProperty("policy", e.policy());
            json.writeStringProperty("binding", e.binding());
            json.writeStringProperty("result", e.result().label());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeNumberProperty("durationMicros", micros);
          json.writeEndObject();
        });
  }
}
