package dev.celador.cli.output;

import dev.celador.engine.eval.Decision;
import dev.celador.engine.eval.TraceEntry;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link Decision} as the JSON other tools read ({@code celador eval --output json}). Field names
 * and their order are a contract: add fields at the end, never rename or reorder.
 */
public final class DecisionJson {

  private DecisionJson() {}

  public static String render(Decision decision) {
    ObjectNode root = JsonOutput.object();
    root.put("allowed", decision.allowed());
    root.put("status", decision.status());
    root.put("policy", decision.policy());
    root.put("rule", decision.rule());
    ArrayNode reasons = root.putArray("reasons");
    decision.reasons().forEach(reasons::add);
    root.set("headers", JsonOutput.sorted(decision.headers()));
    ArrayNode remove = root.putArray("headersToRemove");
    decision.headersToRemove().stream().sorted().forEach(remove::add);
    root.set("responseHeaders", JsonOutput.sorted(decision.responseHeaders()));
    root.put("evaluationError", decision.evaluationError());
    entries(root.putArray("trace"), decision.trace());
    entries(root.putArray("audits"), decision.audits());
    return JsonOutput.write(root);
  }

  private static void entries(ArrayNode array, List<TraceEntry> entries) {
    for (TraceEntry entry : entries) {
      ObjectNode item = array.addObject();
      item.put("policy", entry.policy());
      item.put("rule", entry.rule());
      item.put("action", entry.action());
      item.put("dryRun", entry.dryRun());
      item.put("result", entry.result().label());
      item.put("detail", entry.detail());
    }
  }
}
