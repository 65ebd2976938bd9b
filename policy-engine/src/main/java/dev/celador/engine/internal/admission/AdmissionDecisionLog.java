package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.decisionlog.DecisionEnvelope;
import dev.celador.engine.internal.decisionlog.Redactor;
import dev.celador.engine.internal.decisionlog.TraceParent;
import dev.celador.engine.internal.json.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JsonGenerator;

/**
 * One decision-log line per admission review (schema: docs/decision-log.md): the common envelope,
 * then who asked to do what to which object and what each policy and binding decided. Never the
 * object, the old object, the request options or the user's extra attributes (they can carry
 * tokens); for Secrets not even the denial message ({@link Redactor#admissionMessage}).
 */
public final class AdmissionDecisionLog {

  private AdmissionDecisionLog() {}

  /**
   * @param revision the revision of the set that decided ({@link CompiledAdmissionSet#revision})
   */
  public static String line(
      Instant time,
      String revision,
      AdmissionRequest request,
      AdmissionDecision decision,
      long micros) {
    return line(time, revision, null, request, decision, micros);
  }

  /**
   * @param trace the {@code traceparent} HTTP header of the review's request (kube-apiserver sends
   *     one when its tracing is on; the AdmissionReview itself carries none), or null
   */
  public static String line(
      Instant time,
      String revision,
      TraceParent trace,
      AdmissionRequest request,
      AdmissionDecision decision,
      long micros) {
    return line(time, revision, trace, request, decision, null, micros);
  }

  /**
   * The line of one {@code POST /mutate} review: as a validating one, with a {@code mutation}
   * object (who applied a patch, its size) in place of the per-policy {@code policies}.
   */
  public static String line(
      Instant time,
      String revision,
      TraceParent trace,
      AdmissionRequest request,
      AdmissionMutation mutation,
      long micros) {
    return line(time, revision, trace, request, mutation.decision(), mutation, micros);
  }

  private static String line(
      Instant time,
      String revision,
      TraceParent trace,
      AdmissionRequest request,
      AdmissionDecision decision,
      AdmissionMutation mutation,
      long micros) {
    AdmissionRequest.Gvr r = request.resource();
    DecisionEnvelope envelope =
        new DecisionEnvelope(
            time,
            DecisionEnvelope.ADMISSION,
            revision,
            trace,
            decision.allowed(),
            decision.allowed() ? 0 : decision.code(),
            micros);
    return JsonText.compact(
        JsonText.Style.GO,
        json -> {
          envelope.start(json);
          json.writeStringProperty("uid", request.uid());
          json.writeStringProperty("operation", request.operation());
          json.writeStringProperty(
              "resource",
              (r.group().isEmpty() ? "" : r.group() + "/") + r.version() + "/" + r.resource());
          if (!request.subResource().isEmpty()) {
            json.writeStringProperty("sub_resource", request.subResource());
          }
          json.writeStringProperty("namespace", request.namespace());
          json.writeStringProperty("name", request.name());
          json.writeStringProperty("user", request.userInfo().username());
          json.writeBooleanProperty("dry_run", request.dryRun());
          if (!decision.allowed()) {
            json.writeStringProperty("reason", decision.reason());
            json.writeStringProperty(
                "message", Redactor.admissionMessage(r.resource(), decision.message()));
          }
          json.writeNumberProperty("warnings", decision.warnings().size());
          if (mutation == null) {
            json.writeArrayPropertyStart("policies");
            for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
              json.writeStartObject();
              json.writeStringProperty("policy", e.policy());
              json.writeStringProperty("binding", e.binding());
              json.writeStringProperty("result", e.result().label());
              json.writeEndObject();
            }
            json.writeEndArray();
          } else {
            writeMutation(json, mutation);
          }
          json.writeEndObject();
        });
  }

  /** {@code "mutation":{"applied":[{policy,binding}],"patch_operations":n,"patch_bytes":n}}. */
  private static void writeMutation(JsonGenerator json, AdmissionMutation mutation) {
    json.writeObjectPropertyStart("mutation");
    json.writeArrayPropertyStart("applied");
    for (AdmissionMutation.Applier a : mutation.appliedBy()) {
      json.writeStartObject();
      json.writeStringProperty("policy", a.policy());
      json.writeStringProperty("binding", a.binding());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeNumberProperty("patch_operations", mutation.patch().size());
    json.writeNumberProperty(
        "patch_bytes", mutation.patchJson().getBytes(StandardCharsets.UTF_8).length);
    json.writeEndObject();
  }
}
