package dev.celador.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.verify.report.TextReporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the suites under {@code src/test/resources/testdata/} and pins what they report. */
class PolicyTestRunnerTest {

  static final Path TESTDATA = Path.of("src/test/resources/testdata");

  private static TestReport run(String directory) {
    return PolicyTestRunner.create(PolicyTestRunner.Options.defaults())
        .run(List.of(TESTDATA.resolve(directory)));
  }

  @Test
  void run_failingCase_printsDiffOfEveryMismatchingField() {
    TestReport report = run("failing");

    assertThat(new TextReporter().render(report))
        .isEqualTo(
            """
            --- PASS: orders/frontend reads
            --- FAIL: orders/frontend writes (src/test/resources/testdata/failing/orders_test.yaml:18:7)
                decision: DENY 403 shop/orders: "orders: caller not allowed"
                --- expected
                +++ actual
                - allowed: true
                + allowed: false
                - status: 200
                + status: 403
                - rule: "frontend-reads"
                + rule: (none)
                - message: /^allowed/
                + message: "orders: caller not allowed"
                - headers["x-caller"]: "spiffe://cluster.local/ns/web/sa/frontend"
                + headers["x-caller"]: (not set)
            --- PASS: orders/stranger is denied
            coverage: 1 of 2 rules matched (50.0%)
                never matched: src/test/resources/testdata/failing/orders.yaml:13:7 shop/orders rule admin-anything
            2 passed, 1 failed
            """);
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.FAILED);
  }

  @Test
  void run_tokensAndLimits_signWithSuiteKeysPinIssuersAndResetBucketsPerCase() {
    TestReport report = run("tokens");

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.PASSED);
    assertThat(report.suites()).singleElement().extracting(SuiteResult::passed).isEqualTo(8L);
    assertThat(new TextReporter().render(report))
        .endsWith(
            "coverage: 1 of 1 rules matched, 1 of 1 limits exceeded in a case (100.0%)\n"
                + "8 passed, 0 failed\n");
  }

  @Test
  void run_wrongLimitExpectations_printTheRequestAndItsHeaders() {
    TestReport report = run("tokens-failing");

    String text = new TextReporter().render(report);
    assertThat(text)
        .contains(
            """
                - request 3: responseHeaders["retry-after"]: "5"
                + request 3: responseHeaders["retry-after"]: "1"
            """)
        .contains(
            """
                - request 2: allowed: false
                + request 2: allowed: true
                - request 2: status: 429
                + request 2: status: 200
            """)
        .doesNotContain("eyJ");
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.FAILED);
  }

  @Test
  void run_limitNoCaseExceeds_isListedAsNeverExceeded() {
    TestReport report = run("tokens-uncovered");

    assertThat(new TextReporter().render(report))
        .endsWith(
            """
            coverage: 1 of 1 rules matched, 0 of 1 limits exceeded in a case (50.0%)
                never exceeded: src/test/resources/testdata/tokens/api.yaml:33:7 shop/per-user limit per-user
            1 passed, 0 failed
            """);
  }

  @Test
  void run_admissionAndHttpCasesInOneSuite_eachGoesToItsEngineAndCountsForCoverage() {
    TestReport report = run("admission");

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.PASSED);
    assertThat(report.suites()).singleElement().extracting(SuiteResult::passed).isEqualTo(8L);
    assertThat(new TextReporter().render(report))
        .endsWith(
            "coverage: 1 of 1 rules matched, 4 of 4 validations failed in a case (100.0%)\n"
                + "8 passed, 0 failed\n");
  }

  @Test
  void run_failingAdmissionCase_printsDiffAndValidationsNeverFailed() {
    TestReport report = run("admission-failing");

    assertThat(new TextReporter().render(report))
        .isEqualTo(
            """
            --- FAIL: replicas/one replica expected to pass (src/test/resources/testdata/admission-failing/replicas_test.yaml:8:7)
                decision: DENY 422 Invalid, 1 warning, 1 audit annotation: "ValidatingAdmissionPolicy 'replicas' with binding 'replicas-production' denied request: production deployments need at least 2 replicas"
                --- expected
                +++ actual
                - allowed: true
                + allowed: false
                - code: 200
                + code: 422
                - message: /^$/
                + message: "ValidatingAdmissionPolicy 'replicas' with binding 'replicas-production' denied request: production deployments need at least 2 replicas"
                - warnings[0]: "some other warning"
                + warnings[0]: "Validation failed for ValidatingAdmissionPolicy 'team-label' with binding 'team-label-warn': deployments should say which team owns them"
                - auditAnnotations["replicas/other"]: "x"
                + auditAnnotations["replicas/other"]: (not set)
                - auditAnnotations["replicas/replicas"]: "2"
                + auditAnnotations["replicas/replicas"]: "1"
            coverage: 2 of 5 validations failed in a case (40.0%)
                never failed: src/test/resources/testdata/admission-failing/replicas.yaml:19:19 replicas spec.validations[1]
                never failed: src/test/resources/testdata/admission-failing/replicas.yaml:51:20 team-label spec.validations[1]
                never failed: src/test/resources/testdata/admission-failing/untested-vap.yaml:11:20 untested spec.validations[0]
            0 passed, 1 failed
            """);
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.FAILED);
  }

  @Test
  void run_mutationExpectations_judgeTheMutatedObjectAndDiffEachPathAndOperation() {
    TestReport report = run("mutation");

    assertThat(new TextReporter().render(report))
        .isEqualTo(
            """
            --- PASS: owner/validation judges the mutated object
            --- PASS: owner/system deployments are not mutated, so they are denied
            --- FAIL: owner/every mutation expectation wrong (src/test/resources/testdata/mutation/mutation_test.yaml:25:7)
                decision: DENY 422 Invalid: "ValidatingAdmissionPolicy 'has-owner' with binding 'has-owner' denied request: deployments need an owner label"
                --- expected
                +++ actual
                - objectContains.metadata.labels["app.kubernetes.io/name"]: "api"
                + objectContains.metadata.labels["app.kubernetes.io/name"]: (not set)
                - objectContains.spec.replicas: 3
                + objectContains.spec.replicas: 2
                - patch[0]: {"op":"add","path":"/spec/replicas","value":2}
                + patch[0]: {"op":"replace","path":"/spec/replicas","value":2}
                - mutatedBy: ["someone-else"]
                + mutatedBy: ["owner-label"]
            coverage: 1 of 1 validations failed in a case, 2 of 2 mutations changed an object, 1 of 2 mutating match conditions false in a case (80.0%)
                never false: src/test/resources/testdata/mutation/policies.yaml:14:20 owner-label spec.matchConditions[1]
            2 passed, 1 failed
            """);
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.FAILED);
  }

  @Test
  void run_brokenSuites_reportErrorsAtFileLineColumnAndRunNothing() {
    TestReport report = run("broken");

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.ERRORS);
    assertThat(report.suitesWithErrors()).isEqualTo(2);
    assertThat(report.passed() + report.failed()).isZero();
    assertThat(report.suites())
        .flatMap(SuiteResult::diagnostics)
        .extracting(d -> d.location().toString() + " " + d.code())
        .containsExactly(
            TESTDATA + "/broken/bad-policy.yaml:9:20 undefined_field",
            TESTDATA + "/broken/orders_test.yaml:11:31 invalid_suite",
            TESTDATA + "/broken/orders_test.yaml:13:14 missing_fixture");
    assertThat(new TextReporter().render(report))
        .contains(
            "--- ERROR: " + TESTDATA + "/broken/orders_test.yaml\n",
            "error[missing_fixture]: fixture 'no-such-request' not found: no no-such-request,"
                + " no-such-request.yaml, no-such-request.yml, no-such-request.json in "
                + TESTDATA
                + "/broken/testdata\n",
            "            input: no-such-request\n                   ^\n")
        .endsWith("2 suites could not run\n0 passed, 0 failed\n");
  }

  @Test
  void run_coverage_listsUnmatchedRulesIncludingUntestedPolicyFiles() {
    TestReport report =
        PolicyTestRunner.create(PolicyTestRunner.Options.defaults().withCoverageMinimum(50))
            .run(List.of(TESTDATA.resolve("coverage")));

    Coverage coverage = report.coverage().orElseThrow();
    assertThat(coverage.rules()).hasSize(3);
    assertThat(coverage.unmatched())
        .extracting(rule -> rule.location() + " " + rule.policy() + "/" + rule.rule())
        .containsExactly(
            TESTDATA + "/coverage/gate.yaml:10:7 gate/no-admin",
            TESTDATA + "/coverage/untested.yaml:8:7 untested/anything");
    assertThat(coverage.percentText()).isEqualTo("33.3%");
    assertThat(coverage.meetsMinimum()).isFalse();
    assertThat(report.failed()).isZero();
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.FAILED);
    assertThat(new TextReporter().render(report))
        .endsWith("coverage 33.3% is below the minimum of 50%\n2 passed, 0 failed\n");
  }

  @Test
  void run_coverageMinimumMet_passes() {
    TestReport report =
        PolicyTestRunner.create(PolicyTestRunner.Options.defaults().withCoverageMinimum(33))
            .run(List.of(TESTDATA.resolve("coverage")));

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.PASSED);
  }

  @Test
  void run_filter_runsOnlyCasesWhoseFullNameMatches() {
    TestReport report =
        PolicyTestRunner.create(
                PolicyTestRunner.Options.defaults().withRun(Pattern.compile("s/str")))
            .run(List.of(TESTDATA.resolve("failing")));

    assertThat(report.suites())
        .flatMap(SuiteResult::cases)
        .extracting(CaseResult::fullName)
        .containsExactly("orders/stranger is denied");
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.PASSED);
  }

  @Test
  void run_filterMatchingNothing_leavesSuitesOutButFoundThem() {
    TestReport report =
        PolicyTestRunner.create(PolicyTestRunner.Options.defaults().withRun(Pattern.compile("zzz")))
            .run(List.of(TESTDATA.resolve("failing")));

    assertThat(report.suites()).isEmpty();
    assertThat(report.anySuiteFound()).isTrue();
    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.PASSED);
  }

  @Test
  void run_missingPath_isUsageError() {
    TestReport report =
        PolicyTestRunner.create(PolicyTestRunner.Options.defaults())
            .run(List.of(TESTDATA.resolve("no-such-dir")));

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.USAGE_OR_IO);
    assertThat(report.problems())
        .singleElement()
        .extracting(d -> d.message())
        .isEqualTo("no such file or directory: " + TESTDATA + "/no-such-dir");
  }

  @Test
  void run_noSuites_isUsageError() {
    TestReport report = new TestReport(List.of(), false, List.of(), Optional.empty());

    assertThat(report.verdict()).isEqualTo(TestReport.Verdict.USAGE_OR_IO);
  }

  @Test
  void run_withoutCoverage_reportsNone() {
    TestReport report =
        PolicyTestRunner.create(
                new PolicyTestRunner.Options(Optional.empty(), false, OptionalDouble.empty(), 1))
            .run(List.of(TESTDATA.resolve("coverage")));

    assertThat(report.coverage()).isEmpty();
    assertThat(new TextReporter().render(report)).doesNotContain("coverage");
  }
}
