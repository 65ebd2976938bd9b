package dev.celador.verify.report;

import dev.celador.engine.json.JsonText;
import dev.celador.engine.source.Diagnostic;
import dev.celador.verify.CaseResult;
import dev.celador.verify.Coverage;
import dev.celador.verify.Mismatch;
import dev.celador.verify.RuleRef;
import dev.celador.verify.SuiteResult;
import dev.celador.verify.TestReport;
import java.io.IOException;
import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;

/**
 * The report for tools, with a stable field order and no times:
 *
 * <pre>
 * {"passed": 11, "failed": 1, "suitesWithErrors": 0, "verdict": "FAILED",
 *  "suites": [{"name", "file", "errors": [{"location", "code", "message"}],
 *              "cases": [{"name", "location", "passed", "decision",
 *                         "mismatches": [{"field", "expected", "actual"}]}]}],
 *  "coverage": {"rules", "matched", "validations", "failed", "percent", "minimum",
 *               "unmatched": [{"location", "policy", "rule" or "validation"}]}}
 * </pre>
 */
public final class JsonReporter implements Reporter {

  @Override
  public void write(TestReport report, Appendable out) throws IOException {
    StringWriter text = new StringWriter();
    JsonText.pretty(text, json -> report(json, report));
    out.append(text.toString());
  }

  private static void report(JsonGenerator json, TestReport report) {
    json.writeStartObject();
    json.writeNumberProperty("passed", report.passed());
    json.writeNumberProperty("failed", report.failed());
    json.writeNumberProperty("suitesWithErrors", report.suitesWithErrors());
    json.writeStringProperty("verdict", report.verdict().name());
    json.writeArrayPropertyStart("problems");
    for (Diagnostic problem : report.problems()) {
      diagnostic(json, problem);
    }
    json.writeEndArray();
    json.writeArrayPropertyStart("suites");
    for (SuiteResult suite : report.suites()) {
      suite(json, suite);
    }
    json.writeEndArray();
    if (report.coverage().isPresent()) {
      coverage(json, report.coverage().get());
    }
    json.writeEndObject();
  }

  private static void suite(JsonGenerator json, SuiteResult suite) {
    json.writeStartObject();
    json.writeStringProperty("name", suite.name());
    json.writeStringProperty("file", suite.file());
    json.writeArrayPropertyStart("errors");
    for (Diagnostic diagnostic : suite.diagnostics()) {
      diagnostic(json, diagnostic);
    }
    json.writeEndArray();
    json.writeArrayPropertyStart("cases");
    for (CaseResult result : suite.cases()) {
      json.writeStartObject();
      json.writeStringProperty("name", result.name());
      json.writeStringProperty("location", result.location().toString());
      json.writeBooleanProperty("passed", result.passed());
      json.writeStringProperty("decision", result.decision());
      json.writeArrayPropertyStart("mismatches");
      for (Mismatch m : result.mismatches()) {
        json.writeStartObject();
        json.writeStringProperty("field", m.field());
        json.writeStringProperty("expected", m.expected());
        json.writeStringProperty("actual", m.actual());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void diagnostic(JsonGenerator json, Diagnostic diagnostic) {
    json.writeStartObject();
    json.writeStringProperty("location", diagnostic.location().toString());
    json.writeStringProperty(
        "severity", diagnostic.severity().name().toLowerCase(java.util.Locale.ROOT));
    json.writeStringProperty("code", diagnostic.code());
    json.writeStringProperty("message", diagnostic.message());
    json.writeEndObject();
  }

  private static void coverage(JsonGenerator json, Coverage coverage) {
    json.writeObjectPropertyStart("coverage");
    json.writeNumberProperty("rules", coverage.count(RuleRef.Kind.RULE));
    json.writeNumberProperty("matched", coverage.covered(RuleRef.Kind.RULE));
    if (coverage.count(RuleRef.Kind.VALIDATION) > 0) {
      json.writeNumberProperty("validations", coverage.count(RuleRef.Kind.VALIDATION));
      json.writeNumberProperty("failed", coverage.covered(RuleRef.Kind.VALIDATION));
    }
    if (coverage.count(RuleRef.Kind.LIMIT) > 0) {
      json.writeNumberProperty("limits", coverage.count(RuleRef.Kind.LIMIT));
      json.writeNumberProperty("exceeded", coverage.covered(RuleRef.Kind.LIMIT));
    }
    json.writeNumberProperty("percent", Math.floor(coverage.percent() * 10) / 10);
    if (coverage.minimum().isPresent()) {
      json.writeNumberProperty("minimum", coverage.minimum().getAsDouble());
      json.writeBooleanProperty("meetsMinimum", coverage.meetsMinimum());
    }
    json.writeArrayPropertyStart("unmatched");
    for (RuleRef rule : coverage.unmatched()) {
      json.writeStartObject();
      json.writeStringProperty("location", rule.location().toString());
      json.writeStringProperty("policy", rule.policy());
      json.writeStringProperty(rule.kind().name().toLowerCase(java.util.Locale.ROOT), rule.rule());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
