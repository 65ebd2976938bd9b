package dev.celador.engine.admission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", time.toString());
    line.put("type", "admission");
    line.put("uid", request.uid());
    line.put("operation", request.operation());
    AdmissionRequest.Gvr r = request.resource();
    line.put(
        "resource",
        (r.group().isEmpty() ? "" : r.group() + "/") + r.version() + "/" + r.resource());
    if (!request.subResource().isEmpty()) {
      line.put("subResource", request.subResource());
    }
    line.put("namespace", request.namespace());
    line.put("name", request.name());
    line.put("user", request.userInfo().username());
    line.put("dryRun", request.dryRun());
    line.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      line.put("code", decision.code());
      line.put("reason", decision.reason());
      line.put(
          "message", "secrets".equals(r.resource()) ? "(redacted: Secret)" : decision.message());
    }
    line.put("warnings", decision.warnings().size());
    List<Object> policies = new ArrayList<>();
    for (AdmissionDecision.PolicyEvaluation e : decision.evaluations()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("policy", e.policy());
      p.put("binding", e.binding());
      p.put("result", e.result().label());
      policies.add(p);
    }
    line.put("policies", policies);
    line.put("durationMicros", micros);
    return Json.write(line);
  }
}
