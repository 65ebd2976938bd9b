package dev.celador.cli.output;

import dev.celador.engine.internal.admission.PolicyResult;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code celador apply -o sarif}: one SARIF 2.1.0 run whose rules are the policies and whose
 * results are the rows that did not pass (level error for a denial, warning for warn, note for
 * audit and for errors that were ignored), each at its object's file and line.
 */
public final class ApplySarif {

  private ApplySarif() {}

  public static String render(List<JudgedObject> objects) {
    TreeSet<String> policies = new TreeSet<>();
    objects.forEach(o -> o.policies().forEach(r -> policies.add(r.policy())));
    return Sarif.log(
        policies,
        json -> {
          for (JudgedObject object : objects) {
            for (PolicyResult row : object.policies()) {
              String level = level(row);
              if (level == null) {
                continue;
              }
              json.writeStartObject();
              json.writeStringProperty("ruleId", row.policy());
              json.writeStringProperty("level", level);
              json.writeObjectPropertyStart("message");
              json.writeStringProperty("text", object.describe() + ": " + message(row));
              json.writeEndObject();
              Sarif.locations(json, object.file(), object.line(), 0);
              json.writeObjectPropertyStart("properties");
              json.writeStringProperty("binding", row.binding());
              json.writeStringProperty("result", row.outcome());
              json.writeEndObject();
              json.writeEndObject();
            }
          }
        });
  }

  /** The SARIF level of a row, or null for rows that passed or were skipped. */
  private static String level(PolicyResult row) {
    if (row.denies()) {
      return "error";
    }
    return switch (row.outcome()) {
      case "warn" -> "warning";
      case "audit", "error" -> "note";
      default -> null;
    };
  }

  private static String message(PolicyResult row) {
    for (PolicyResult.Validation v : row.validations()) {
      if (v.check() != PolicyResult.Check.PASS) {
        return v.message();
      }
    }
    return row.detail();
  }
}
