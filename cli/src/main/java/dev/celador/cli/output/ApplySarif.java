package dev.celador.cli.output;

import dev.celador.engine.admission.PolicyResult;
import dev.celador.engine.json.JsonText;
import java.io.StringWriter;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JsonGenerator;

/**
 * {@code celador apply -o sarif}: one SARIF 2.1.0 run whose rules are the policies and whose
 * results are the rows that did not pass (level error for a denial, warning for warn, note for
 * audit and for errors that were ignored), each at its object's file and line.
 */
public final class ApplySarif {

  private ApplySarif() {}

  public static String render(List<JudgedObject> objects) {
    StringWriter out = new StringWriter();
    JsonText.pretty(out, json -> write(json, objects));
    return out.toString();
  }

  private static void write(JsonGenerator json, List<JudgedObject> objects) {
    json.writeStartObject();
    json.writeStringProperty("$schema", DiagnosticsSarif.SCHEMA);
    json.writeStringProperty("version", "2.1.0");
    json.writeArrayPropertyStart("runs");
    json.writeStartObject();
    json.writeObjectPropertyStart("tool");
    json.writeObjectPropertyStart("driver");
    json.writeStringProperty("name", "celador");
    json.writeArrayPropertyStart("rules");
    TreeSet<String> policies = new TreeSet<>();
    objects.forEach(o -> o.policies().forEach(r -> policies.add(r.policy())));
    for (String policy : policies) {
      json.writeStartObject();
      json.writeStringProperty("id", policy);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject(); // driver
    json.writeEndObject(); // tool
    json.writeArrayPropertyStart("results");
    for (JudgedObject object : objects) {
      for (PolicyResult row : object.policies()) {
        String level = level(row);
        if (level != null) {
          result(json, object, row, level);
        }
      }
    }
    json.writeEndArray();
    json.writeEndObject(); // run
    json.writeEndArray();
    json.writeEndObject();
  }

  /** The SARIF level of a row, or null for rows that passed or were skipped. */
  private static String level(PolicyResult row) {
    if (row.denies()) {
      return "error";
    }
    return switch (row.outcome()) {
      case "warn", "fail" -> "warning";
      case "audit", "error" -> "note";
      default -> null;
    };
  }

  private static void result(
      JsonGenerator json, JudgedObject object, PolicyResult row, String level) {
    json.writeStartObject();
    json.writeStringProperty("ruleId", row.policy());
    json.writeStringProperty("level", level);
    json.writeObjectPropertyStart("message");
    json.writeStringProperty("text", object.describe() + ": " + message(row));
    json.writeEndObject();
    json.writeArrayPropertyStart("locations");
    json.writeStartObject();
    json.writeObjectPropertyStart("physicalLocation");
    json.writeObjectPropertyStart("artifactLocation");
    json.writeStringProperty("uri", DiagnosticsSarif.uri(object.file()));
    json.writeEndObject();
    json.writeObjectPropertyStart("region");
    json.writeNumberProperty("startLine", object.line());
    json.writeEndObject();
    json.writeEndObject(); // physicalLocation
    json.writeEndObject();
    json.writeEndArray();
    json.writeObjectPropertyStart("properties");
    json.writeStringProperty("binding", row.binding());
    json.writeStringProperty("result", row.outcome());
    json.writeEndObject();
    json.writeEndObject();
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
