package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code celador test}: exit codes (DESIGN.md §4), reporters and flags, pinned. */
class TestCommandTest {

  private static final String POLICY =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: gets-only}
      spec:
        action: ALLOW
        rules:
          - name: get
            when: request.method == "GET"
          - name: head
            when: request.method == "HEAD"
      """;

  private static final String SUITE =
      """
      apiVersion: celador.dev/v1alpha1
      kind: PolicyTest
      metadata: {name: gets}
      spec:
        policies: [policy.yaml]
        cases:
          - name: get is allowed
            input: {request: {method: GET, path: /}}
            expect: {allowed: true, rule: get}
          - name: post is denied
            input: {request: {method: POST, path: /}}
            expect: {allowed: %s}
      """;

  @TempDir Path dir;

  @BeforeEach
  void policy() throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), POLICY);
  }

  private void suite(String postAllowed) throws IOException {
    Files.writeString(dir.resolve("policy_test.yaml"), SUITE.formatted(postAllowed));
  }

  @Test
  void test_allPass_printsOnlyTheCountsAndExitsZero() throws IOException {
    suite("false");

    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("2 passed, 0 failed\n");
  }

  @Test
  void test_verbose_printsEveryPassLine() throws IOException {
    suite("false");

    CliRun run = CliRun.of("test", "-v", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .isEqualTo(
            """
            --- PASS: gets/get is allowed
            --- PASS: gets/post is denied
            2 passed, 0 failed
            """);
  }

  @Test
  void test_failingCase_leavesOutPassingCases() throws IOException {
    suite("true");

    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.out()).contains("--- FAIL: gets/post is denied").doesNotContain("PASS");
  }

  @Test
  void test_colorAlways_marksFailuresRed() throws IOException {
    suite("true");

    CliRun run = CliRun.of("--color=always", "test", dir.toString());

    assertThat(run.out()).contains("\u001b[31m--- FAIL:\u001b[0m gets/post is denied");
  }

  @Test
  void test_failingCase_exitsThreeWithDiff() throws IOException {
    suite("true");

    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEST_FAILURES);
    assertThat(run.out())
        .contains(
            "--- FAIL: gets/post is denied (" + dir + "/policy_test.yaml:10:7)\n",
            "    - allowed: true\n    + allowed: false\n")
        .endsWith("1 passed, 1 failed\n");
  }

  @Test
  void test_suiteError_exitsTwoAndPointsAtIt() throws IOException {
    suite("maybe");

    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out())
        .contains(
            dir
                + "/policy_test.yaml:12:25: error[invalid_suite]: 'spec.cases[1].expect.allowed'"
                + " must be true or false, found maybe")
        .endsWith("1 suite could not run\n0 passed, 0 failed\n");
  }

  @Test
  void test_brokenPolicy_exitsTwo() throws IOException {
    suite("false");
    Files.writeString(dir.resolve("policy.yaml"), POLICY.replace("request.method", "request.m"));

    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out()).contains(dir + "/policy.yaml:8:20: error[undefined_field]");
  }

  @Test
  void test_noSuites_exitsOne() {
    CliRun run = CliRun.of("test", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("no test suites (*_test.yaml) found in " + dir);
  }

  @Test
  void test_missingPath_exitsOne() {
    CliRun run = CliRun.of("test", dir.resolve("nope").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.out()).contains("no such file or directory: " + dir.resolve("nope"));
  }

  @Test
  void test_badRunRegex_exitsOne() throws IOException {
    suite("false");

    CliRun run = CliRun.of("test", "--run", "(", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--run: invalid regular expression");
  }

  @Test
  void test_runMatchingNoCase_exitsOne() throws IOException {
    suite("true");

    CliRun run = CliRun.of("test", "--run", "nomatch", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("no cases match --run 'nomatch'");
  }

  @Test
  void test_coverageBelowMinimum_exitsThreeAndListsRule() throws IOException {
    suite("false");

    CliRun run = CliRun.of("test", "--coverage-min", "100", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEST_FAILURES);
    assertThat(run.out())
        .contains(
            "coverage: 1 of 2 rules matched (50.0%)\n",
            "never matched: " + dir + "/policy.yaml:9:7 gets-only rule head\n",
            "coverage 50.0% is below the minimum of 100%\n")
        .endsWith("2 passed, 0 failed\n");
  }

  @Test
  void test_coverageAtMinimum_exitsZero() throws IOException {
    suite("false");

    CliRun run = CliRun.of("test", "--coverage-min", "50", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void test_run_selectsCases() throws IOException {
    suite("true");

    CliRun run = CliRun.of("test", "-v", "--run", "/get", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("--- PASS: gets/get is allowed\n1 passed, 0 failed\n");
  }

  @Test
  void test_junitUnwritableAndCaseFails_stillExitsThreeAndShowsTheFailure() throws IOException {
    suite("true");
    Path junit = dir.resolve("policy.yaml").resolve("junit.xml"); // under a file: unwritable

    CliRun run = CliRun.of("test", "--junit", junit.toString(), dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEST_FAILURES);
    assertThat(run.out()).contains("--- FAIL: gets/post is denied", "1 passed, 1 failed");
    assertThat(run.err()).contains("cannot write " + junit);
  }

  @Test
  void test_junitUnwritableAndAllPass_exitsOne() throws IOException {
    suite("false");
    Path junit = dir.resolve("policy.yaml").resolve("junit.xml");

    CliRun run = CliRun.of("test", "--junit", junit.toString(), dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.out()).contains("2 passed, 0 failed");
    assertThat(run.err()).contains("cannot write " + junit);
  }

  @Test
  void test_junit_writesParsableXml() throws Exception {
    suite("true");
    Path junit = dir.resolve("out/junit.xml");
    Files.createDirectories(junit.getParent());

    CliRun run = CliRun.of("test", "--junit", junit.toString(), dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEST_FAILURES);
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document xml = factory.newDocumentBuilder().parse(junit.toFile());
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    assertThat(xml.getElementsByTagName("failure").item(0).getTextContent())
        .contains("- allowed: true\n+ allowed: false\n");
  }

  @Test
  void test_jsonOutput_isParsableWithCounts() throws IOException {
    suite("true");

    CliRun run = CliRun.of("test", "--output", "json", "--coverage", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEST_FAILURES);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("passed").asInt()).isEqualTo(1);
    assertThat(json.get("failed").asInt()).isEqualTo(1);
    assertThat(json.get("verdict").asString()).isEqualTo("failed");
    JsonNode failed = json.get("suites").get(0).get("cases").get(1);
    assertThat(failed.get("name").asString()).isEqualTo("post is denied");
    assertThat(failed.get("mismatches").get(0).get("field").asString()).isEqualTo("allowed");
    assertThat(json.get("coverage").get("percent").asDouble()).isEqualTo(50.0);
  }
}
