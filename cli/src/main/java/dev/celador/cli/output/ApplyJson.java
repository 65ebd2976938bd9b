package dev.celador.cli.output;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.jsonpatch.JsonPatchOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code celador apply -o json}, written as objects are judged so that no result is kept: {@code
 * objects}, each with where it was read, what it is, its decision (the webhook's: allowed, code,
 * reason, message, warnings, audit annotations) and its rows, and (when mutating policies are
 * loaded) {@code mutation}: the {@code policies} that changed it and the {@code patch}, with {@code
 * denied} when a mutation refused it; then {@code summary} (the counts), and {@code error} when a
 * manifest stopped the run. Field names and order are a contract: add at the end.
 */
public final class ApplyJson {

  private final Writer out;
  private final JsonGenerator json;

  public ApplyJson(Writer out) {
    this.out = out;
    this.json = JsonOutput.generator(out);
    json.writeStartObject();
    json.writeName("objects");
    json.writeStartArray();
  }

  public void add(JudgedObject o) {
    ObjectNode item = JsonOutput.object();
    item.put("file", o.file());
    item.put("line", o.line());
    item.put("operation", o.operation());
    item.put("apiVersion", o.apiVersion());
    item.put("kind", o.kind());
    item.put("namespace", o.namespace());
    item.put("name", o.name());
    decision(item, o.decision());
    PolicyResultJson.rows(item.putArray("policies"), o.policies());
    if (o.mutation() != null) {
      mutation(item.putObject("mutation"), o.mutation());
    }
    json.writeTree(item);
    json.flush();
  }

  /** Ends the document; {@code error} (or null) is why the run stopped early. */
  public void finish(ApplySummary summary, String error) {
    json.writeEndArray();
    ObjectNode counts = JsonOutput.object();
    counts.put("objects", summary.objects());
    counts.put("allowed", summary.objects() - summary.denied());
    counts.put("denied", summary.denied());
    summary.outcomes().forEach(counts::put);
    json.writeName("summary");
    json.writeTree(counts);
    if (error != null) {
      json.writeStringProperty("error", error);
    }
    json.writeEndObject();
    json.flush();
    try {
      out.write("\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code policies} that changed the object and the {@code patch} (RFC 6902 JSON). */
  private static void mutation(ObjectNode node, ObjectMutation m) {
    ArrayNode policies = node.putArray("policies");
    m.policies().forEach(policies::add);
    ArrayNode patch = node.putArray("patch");
    for (JsonPatchOperation op : m.patch()) {
      patch.add(JsonOutput.tree(JsonText.write(JsonText.Style.PLAIN, op.toJson())));
    }
    if (m.denial() != null) {
      node.put("denied", m.denial());
    }
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
