package dev.celador.cli.output;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A decision as the JSON object other tools read: the whole of {@code celador eval --output json},
 * and each case's {@code decision} in {@code celador test --output json}. The keys of the decision
 * log: {@code type} ({@code ext_authz} or {@code admission}), {@code allowed}, {@code effect},
 * {@code status}, then the front door's own. Field names and their order are a contract: add fields
 * at the end, never rename or reorder.
 */
public final class DecisionJson {

  private DecisionJson() {}

  public static String render(Decision decision) {
    return JsonOutput.write(node(decision));
  }

  /** An ext_authz decision, with its trace and audits (empty when not traced). */
  public static ObjectNode node(Decision decision) {
    ObjectNode root =
        head(
            "ext_authz",
            decision.allowed(),
            decision.effect().name().toLowerCase(Locale.ROOT),
            decision.status());
    root.put("policy", decision.policy());
    root.put("rule", decision.rule());
    ArrayNode reasons = root.putArray("reasons");
    decision.reasons().forEach(reasons::add);
    root.set("headers", JsonOutput.sorted(decision.headers()));
    ArrayNode remove = root.putArray("headers_to_remove");
    decision.headersToRemove().stream().sorted().forEach(remove::add);
    root.set("response_headers", JsonOutput.sorted(decision.responseHeaders()));
    root.put("evaluation_error", decision.evaluationError());
    entries(root.putArray("trace"), decision.trace());
    entries(root.putArray("audits"), decision.audits());
    return root;
  }

  /** An admission decision: the code as {@code status}, and what each policy and binding did. */
  public static ObjectNode node(AdmissionDecision decision) {
    ObjectNode root =
        head(
            "admission",
            decision.allowed(),
            decision.allowed() ? "allow" : "deny",
            decision.code());
    root.put("reason", decision.reason());
    root.put("message", decision.message());
    ArrayNode warnings = root.putArray("warnings");
    decision.warnings().forEach(warnings::add);
    root.set("audit_annotations", JsonOutput.sorted(decision.auditAnnotations()));
    ArrayNode policies = root.putArray("policies");
    for (AdmissionDecision.PolicyEvaluation evaluation : decision.evaluations()) {
      ObjectNode item = policies.addObject();
      item.put("policy", evaluation.policy());
      item.put("binding", evaluation.binding());
      item.put("result", evaluation.result().label());
    }
    return root;
  }

  /** The keys every decision starts with, as the decision log's envelope. */
  private static ObjectNode head(String type, boolean allowed, String effect, int status) {
    ObjectNode root = JsonOutput.object();
    root.put("type", type);
    root.put("allowed", allowed);
    root.put("effect", effect);
    root.put("status", status);
    return root;
  }

  private static void entries(ArrayNode array, List<TraceEntry> entries) {
    for (TraceEntry entry : entries) {
      ObjectNode item = array.addObject();
      item.put("policy", entry.policy());
      item.put("rule", entry.rule());
      item.put("action", entry.action());
      item.put("dry_run", entry.dryRun());
      item.put("result", entry.result().label());
      item.put("detail", entry.detail());
    }
  }
}
