package dev.celador.engine.verify.report;

import dev.celador.engine.source.Diagnostic;
import dev.celador.engine.verify.CaseResult;
import dev.celador.engine.verify.Coverage;
import dev.celador.engine.verify.Mismatch;
import dev.celador.engine.verify.RuleRef;
import dev.celador.engine.verify.SuiteResult;
import dev.celador.engine.verify.TestReport;
import java.io.IOException;

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
    JsonWriter json = new JsonWriter(out);
    json.beginObject();
    json.name("passed").value(report.passed());
    json.name("failed").value(report.failed());
    json.name("suitesWithErrors").value(report.suitesWithErrors());
    json.name("verdict").value(report.verdict().name());
    json.name("problems").beginArray();
    for (Diagnostic problem : report.problems()) {
      diagnostic(json, problem);
    }
    json.endArray();
    json.name("suites").beginArray();
    for (SuiteResult suite : report.suites()) {
      suite(json, suite);
    }
    json.endArray();
    if (report.coverage().isPresent()) {
      coverage(json, report.coverage().get());
    }
    json.endObject();
  }

  private static void suite(JsonWriter json, SuiteResult suite) throws IOException {
    json.beginObject();
    json.name("name").value(suite.name());
    json.name("file").value(suite.file());
    json.name("errors").beginArray();
    for (Diagnostic diagnostic : suite.diagnostics()) {
      diagnostic(json, diagnostic);
    }
    json.endArray();
    json.name("cases").beginArray();
    for (CaseResult result : suite.cases()) {
      json.beginObject();
      json.name("name").value(result.name());
      json.name("location").value(result.location().toString());
      json.name("passed").value(result.passed());
      json.name("decision").value(result.decision());
      json.name("mismatches").beginArray();
      for (Mismatch m : result.mismatches()) {
        json.beginObject();
        json.name("field").value(m.field());
        json.name("expected").value(m.expected());
        json.name("actual").value(m.actual());
        json.endObject();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void diagnostic(JsonWriter json, Diagnostic diagnostic) throws IOException {
    json.beginObject();
    json.name("location").value(diagnostic.location().toString());
    json.name("severity").value(diagnostic.severity().name().toLowerCase(java.util.Locale.ROOT));
    json.name("code").value(diagnostic.code());
    json.name("message").value(diagnostic.message());
    json.endObject();
  }

  private static void coverage(JsonWriter json, Coverage coverage) throws IOException {
    json.name("coverage").beginObject();
    json.name("rules").value(coverage.count(RuleRef.Kind.RULE));
    json.name("matched").value(coverage.covered(RuleRef.Kind.RULE));
    if (coverage.count(RuleRef.Kind.VALIDATION) > 0) {
      json.name("validations").value(coverage.count(RuleRef.Kind.VALIDATION));
      json.name("failed").value(coverage.covered(RuleRef.Kind.VALIDATION));
    }
    if (coverage.count(RuleRef.Kind.LIMIT) > 0) {
      json.name("limits").value(coverage.count(RuleRef.Kind.LIMIT));
      json.name("exceeded").value(coverage.covered(RuleRef.Kind.LIMIT));
    }
    json.name("percent").value(Math.floor(coverage.percent() * 10) / 10);
    if (coverage.minimum().isPresent()) {
      json.name("minimum").value(coverage.minimum().getAsDouble());
      json.name("meetsMinimum").value(coverage.meetsMinimum());
    }
    json.name("unmatched").beginArray();
    for (RuleRef rule : coverage.unmatched()) {
      json.beginObject();
      json.name("location").value(rule.location().toString());
      json.name("policy").value(rule.policy());
      json.name(rule.kind().name().toLowerCase(java.util.Locale.ROOT)).value(rule.rule());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }
}
