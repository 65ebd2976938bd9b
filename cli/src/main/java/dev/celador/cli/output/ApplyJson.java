package dev.celador.cli.output;

import dev.celador.engine.admission.AdmissionDecision;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code celador apply -o json}: the counts, then every object with its decision (the webhook's:
 * allowed, code, reason, message, warnings, audit annotations) and its rows. Field names and order
 * are a contract: add at the end.
 */
public final class ApplyJson {

  private ApplyJson() {}

  public static String render(List<JudgedObject> objects, ApplySummary summary) {
    ObjectNode root = JsonOutput.object();
    ObjectNode counts = root.putObject("summary");
    counts.put("objects", summary.objects());
    counts.put("allowed", summary.objects() - summary.denied());
    counts.put("denied", summary.denied());
    summary.outcomes().forEach(counts::put);
    ArrayNode array = root.putArray("objects");
    for (JudgedObject o : objects) {
      ObjectNode item = array.addObject();
      item.put("file", o.file());
      item.put("line", o.line());
      item.put("operation", o.operation());
      item.put("apiVersion", o.apiVersion());
      item.put("kind", o.kind());
      item.put("namespace", o.namespace());
      item.put("name", o.name());
      decision(item, o.decision());
      PolicyResultJson.rows(item.putArray("policies"), o.policies());
    }
    return JsonOutput.write(root);
  }

  /** The decision's fields, as the webhook's AdmissionReview response carries them. */
  private static void decision(ObjectNode item, AdmissionDecision d) {
    item.put("allowed", d.allowed());
    item.put("code", d.allowed() ? 200 : d.code());
    item.put("reason", d.reason());
    item.put("message", d.message());
    ArrayNode warnings = item.putArray("warnings");
    d.warnings().forEach(warnings::add);
    item.set("auditAnnotations", JsonOutput.sorted(Map.copyOf(d.auditAnnotations())));
  }
}
