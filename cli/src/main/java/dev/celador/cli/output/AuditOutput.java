package dev.celador.cli.output;

import dev.celador.engine.internal.audit.AuditEntry;
import dev.celador.engine.internal.audit.AuditResults;
import dev.celador.engine.internal.audit.AuditSummary;
import dev.celador.engine.internal.audit.NamespaceResults;
import dev.celador.verify.report.Palette;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code celador audit}'s summary: the kinds listed, each denied object with the webhook's message,
 * the counts per namespace and overall, and what became of the PolicyReports. Text for people,
 * {@code -o json} for tools (field names and order are a contract: add at the end).
 *
 * @param kinds the kinds listed, as {@code group/version resource}
 * @param reports what the report writer did, null when reports were not written
 */
public record AuditOutput(List<String> kinds, AuditResults results, Reports reports) {

  /** PolicyReports written and stale ones deleted. */
  public record Reports(int written, int deleted) {}

  public String text(Palette palette) {
    StringBuilder out = new StringBuilder();
    out.append("audited ")
        .append(kinds.size())
        .append(kinds.size() == 1 ? " kind" : " kinds")
        .append(kinds.isEmpty() ? "" : ": " + String.join(", ", kinds))
        .append('\n');
    for (AuditResults.Denied d : results.denied()) {
      out.append(palette.red("denied"))
          .append("  ")
          .append(describe(d.resource()))
          .append("\n  ")
          .append(d.message())
          .append('\n');
    }
    long objects = results.objects();
    long denied = results.denied().size();
    AuditSummary s = results.summary();
    out.append(objects)
        .append(objects == 1 ? " object: " : " objects: ")
        .append(objects - denied)
        .append(" allowed, ")
        .append(denied)
        .append(" denied; results: ")
        .append(s.pass())
        .append(" pass, ")
        .append(s.fail())
        .append(" fail, ")
        .append(s.warn())
        .append(" warn, ")
        .append(s.error())
        .append(" error\n");
    if (reports != null) {
      out.append("policy reports: ")
          .append(reports.written())
          .append(" written, ")
          .append(reports.deleted())
          .append(" stale deleted\n");
    }
    return out.toString();
  }

  public String json() {
    ObjectNode root = JsonOutput.object();
    ObjectNode counts = root.putObject("summary");
    counts.put("objects", results.objects());
    counts.put("allowed", results.objects() - results.denied().size());
    counts.put("denied", results.denied().size());
    counts(counts, results.summary());
    ArrayNode kindArray = root.putArray("kinds");
    kinds.forEach(kindArray::add);
    ArrayNode denied = root.putArray("denied");
    for (AuditResults.Denied d : results.denied()) {
      ObjectNode item = ref(denied.addObject(), d.resource());
      item.put("message", d.message());
    }
    ArrayNode namespaces = root.putArray("namespaces");
    for (Map.Entry<String, NamespaceResults> e : results.byNamespace().entrySet()) {
      ObjectNode ns = namespaces.addObject();
      ns.put("namespace", e.getKey());
      counts(ns, e.getValue().summary());
    }
    if (reports != null) {
      ObjectNode r = root.putObject("reports");
      r.put("written", reports.written());
      r.put("deleted", reports.deleted());
    }
    return JsonOutput.write(root);
  }

  private static void counts(ObjectNode node, AuditSummary s) {
    node.put("pass", s.pass());
    node.put("fail", s.fail());
    node.put("warn", s.warn());
    node.put("error", s.error());
  }

  private static ObjectNode ref(ObjectNode item, AuditEntry.ResourceRef r) {
    item.put("apiVersion", r.apiVersion());
    item.put("kind", r.kind());
    item.put("namespace", r.namespace());
    item.put("name", r.name());
    return item;
  }

  private static String describe(AuditEntry.ResourceRef r) {
    return r.apiVersion()
        + " "
        + r.kind()
        + " "
        + (r.namespace().isEmpty() ? "" : r.namespace() + "/")
        + r.name();
  }
}
