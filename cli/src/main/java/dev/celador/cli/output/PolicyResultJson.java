package dev.celador.cli.output;

import dev.celador.engine.internal.admission.PolicyResult;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link PolicyResult} rows as JSON, the same in {@code apply -o json} and {@code eval
 * --admission-review -o json}. Field names and order are a contract: add at the end.
 */
final class PolicyResultJson {

  private PolicyResultJson() {}

  static void rows(ArrayNode array, List<PolicyResult> rows) {
    for (PolicyResult row : rows) {
      ObjectNode item = array.addObject();
      item.put("policy", row.policy());
      item.put("binding", row.binding());
      ArrayNode actions = item.putArray("validationActions");
      row.validationActions().forEach(actions::add);
      item.put("result", row.outcome());
      item.put("denies", row.denies());
      item.put("detail", row.detail());
      ArrayNode validations = item.putArray("validations");
      for (PolicyResult.Validation v : row.validations()) {
        ObjectNode check = validations.addObject();
        check.put("index", v.index());
        check.put("location", PolicyResultText.location(v.location()));
        check.put("param", v.param());
        check.put("result", v.check().label());
        check.put("message", v.message());
        check.put("reason", v.reason());
      }
    }
  }
}
