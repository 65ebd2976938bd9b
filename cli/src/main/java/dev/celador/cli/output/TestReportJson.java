package dev.celador.cli.output;

import dev.celador.verify.CaseResult;
import dev.celador.verify.CheckedDecision;
import dev.celador.verify.Coverage;
import dev.celador.verify.Mismatch;
import dev.celador.verify.RuleRef;
import dev.celador.verify.SuiteResult;
import dev.celador.verify.TestReport;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of {@code celador test --output json}, with a stable field order and no times:
 *
 * <pre>
 * {passed, failed, suites_with_errors, verdict, problems: [diagnostic],
 *  suites: [{name, file, errors: [diagnostic],
 *            cases: [{name, file, line, column, passed, decision, mismatches: [{field, expected,
 *                     actual}]}]}],
 *  coverage: {rules, matched, validations, failed, limits, exceeded, mutations, mutated,
 *             matchConditions, matchConditionsFalse, percent, minimum, meets_minimum,
 *             unmatched: [{file, line, column, policy,
 *                          rule|validation|limit|mutation|match_condition}]}}
 * </pre>
 *
 * A case's {@code decision} is the object {@code celador eval --output json} prints ({@link
 * DecisionJson}); diagnostics are those of {@code celador check --output json}.
 */
public final class TestReportJson {

  private TestReportJson() {}

  public static String render(TestReport report) {
    ObjectNode root = JsonOutput.object();
    root.put("passed", report.passed());
    root.put("failed", report.failed());
    root.put("suites_with_errors", report.suitesWithErrors());
    root.put("verdict", report.verdict().name().toLowerCase(Locale.ROOT));
    DiagnosticsJson.array(root.putArray("problems"), report.problems());
    ArrayNode suites = root.putArray("suites");
    for (SuiteResult suite : report.suites()) {
      ObjectNode item = suites.addObject();
      item.put("name", suite.name());
      item.put("file", suite.file());
      DiagnosticsJson.array(item.putArray("errors"), suite.diagnostics());
      ArrayNode cases = item.putArray("cases");
      suite.cases().forEach(result -> testCase(cases.addObject(), result));
    }
    report.coverage().ifPresent(coverage -> coverage(root.putObject("coverage"), coverage));
    return JsonOutput.write(root);
  }

  private static void testCase(ObjectNode item, CaseResult result) {
    item.put("name", result.name());
    JsonOutput.location(item, result.location());
    item.put("passed", result.passed());
    item.set(
        "decision",
        result.decision() instanceof CheckedDecision.Admission admission
            ? DecisionJson.node(admission.decision())
            : DecisionJson.node(((CheckedDecision.Http) result.decision()).decision()));
    ArrayNode mismatches = item.putArray("mismatches");
    for (Mismatch m : result.mismatches()) {
      ObjectNode mismatch = mismatches.addObject();
      mismatch.put("field", m.field());
      mismatch.put("expected", m.expected());
      mismatch.put("actual", m.actual());
    }
  }

  /** How many entries of {@code kind} there are and how many were covered, when there are any. */
  private static void counts(
      ObjectNode node, Coverage coverage, RuleRef.Kind kind, String total, String covered) {
    if (coverage.count(kind) > 0) {
      node.put(total, coverage.count(kind));
      node.put(covered, coverage.covered(kind));
    }
  }

  private static void coverage(ObjectNode node, Coverage coverage) {
    node.put("rules", coverage.count(RuleRef.Kind.RULE));
    node.put("matched", coverage.covered(RuleRef.Kind.RULE));
    counts(node, coverage, RuleRef.Kind.VALIDATION, "validations", "failed");
    counts(node, coverage, RuleRef.Kind.LIMIT, "limits", "exceeded");
    counts(node, coverage, RuleRef.Kind.MUTATION, "mutations", "mutated");
    counts(node, coverage, RuleRef.Kind.MATCH_CONDITION, "matchConditions", "matchConditionsFalse");
    node.put("percent", Math.floor(coverage.percent() * 10) / 10);
    if (coverage.minimum().isPresent()) {
      node.put("minimum", coverage.minimum().getAsDouble());
      node.put("meets_minimum", coverage.meetsMinimum());
    }
    ArrayNode unmatched = node.putArray("unmatched");
    for (RuleRef rule : coverage.unmatched()) {
      ObjectNode item = JsonOutput.location(unmatched.addObject(), rule.location());
      item.put("policy", rule.policy());
      item.put(rule.kind().name().toLowerCase(Locale.ROOT), rule.rule());
    }
  }
}
