package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of the command line itself, pinned (DESIGN.md §4). */
class CeladorCommandTest {

  private static final String VALID_POLICY =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: deny-get, namespace: team}
      spec:
        action: DENY
        rules:
          - name: no-gets
            when: request.method == "GET"
      """;

  private static final String BROKEN_POLICY =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: broken, namespace: team}
      spec:
        action: DENY
        rules:
          - name: typo
            when: request.methd == "GET"
      """;

  private static final String REQUEST =
      "destination: {namespace: team, serviceAccount: api}\nrequest: {method: GET, path: /}\n";

  @TempDir Path dir;

  @Test
  void version_always_printsVersionAndExitsZero() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("celador ");
  }

  @Test
  void help_always_listsSubcommandsAndExitsZero() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("check", "eval", "Exit codes");
  }

  @Test
  void noSubcommand_always_printsUsageAndExitsOne() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("Usage: celador");
  }

  @Test
  void serve_misspeltSetting_exitsOneNamingTheClosestSetting() {
    CliRun run = CliRun.of("serve", "--set", "celador.jwt.refresh-intervall=1h");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err())
        .contains(
            "--set: unknown setting 'celador.jwt.refresh-intervall'; did you mean"
                + " 'celador.jwt.refresh-interval'?");
  }

  @Test
  void check_badFlag_exitsOneWithHint() {
    CliRun run = CliRun.of("check", "--bogus", "x");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("Unknown option: '--bogus'", "celador check --help");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void check_quiet_printsNoSummaryOnSuccess() {
    Path examples = repositoryRoot().resolve("policies").resolve("examples");

    CliRun run = CliRun.of("check", "--quiet", examples.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void check_quietWithErrors_stillPrintsTheDiagnostics() throws IOException {
    Path policy = Files.writeString(dir.resolve("broken.yaml"), BROKEN_POLICY);

    CliRun run = CliRun.of("check", "-q", policy.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("undefined_field");
  }

  @Test
  void check_badOutputFormat_exitsOne() {
    CliRun run = CliRun.of("check", "--output", "xml", "x");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("--output");
  }

  @Test
  void check_examples_exitsZeroWithSummary() {
    Path examples = repositoryRoot().resolve("policies").resolve("examples");

    CliRun run = CliRun.of("check", examples.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("5 files, 5 policies: OK\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void check_policyError_exitsTwoWithRenderedDiagnostic() throws IOException {
    Path policy = write("broken.yaml", BROKEN_POLICY);

    CliRun run = CliRun.of("check", policy.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.err()).startsWith(policy + ":8:").contains("error[", "^");
    assertThat(run.out()).isEqualTo("1 error\n");
  }

  @Test
  void check_jsonOutput_listsDiagnosticsOnStdout() throws IOException {
    Path policy = write("broken.yaml", BROKEN_POLICY);

    CliRun run = CliRun.of("check", "--output", "json", policy.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out())
        .startsWith("{\n  \"ok\" : false,\n  \"diagnostics\" : [ {\n")
        .contains("\"file\" : \"" + policy + "\"", "\"line\" : 8", "\"severity\" : \"error\"");
  }

  @Test
  void check_missingPath_exitsOneNamingThePath() {
    Path missing = dir.resolve("nowhere");

    CliRun run = CliRun.of("check", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains(missing.toString());
  }

  @Test
  void check_emptyDirectory_exitsOneAsTestDoes() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    CliRun run = CliRun.of("check", empty.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("celador: no policy files found in " + empty + "\n");
  }

  @Test
  void check_formatGithub_annotatesEachDiagnosticThenSummary() throws IOException {
    Path broken = write("broken.yaml", BROKEN_POLICY);

    CliRun run = CliRun.of("check", "--format", "github", broken.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out())
        .isEqualTo(
            "::error file="
                + broken
                + ",line=8,col=20,title=undefined_field::undefined field 'methd'\n1 error\n");
  }

  @Test
  void check_formatSarif_onlySarifOnStdout() throws IOException {
    Path broken = write("broken.yaml", BROKEN_POLICY);

    CliRun run = CliRun.of("check", "--format", "sarif", broken.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.out())
        .startsWith("{")
        .endsWith("}\n")
        .contains("\"ruleId\": \"undefined_field\"");
    assertThat(run.err()).contains("error[undefined_field]");
  }

  @Test
  void check_formatWithJsonOutput_exitsOne() throws IOException {
    Path policy = write("policy.yaml", VALID_POLICY);

    CliRun run = CliRun.of("check", "--format", "sarif", "-o", "json", policy.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("cannot be combined");
  }

  @Test
  void check_testSuiteNamed_skipsItSayingToRunTest() throws IOException {
    Path policy = write("policy.yaml", VALID_POLICY);
    Path suite = write("policy_test.yaml", "apiVersion: celador.dev/v1alpha1\nkind: PolicyTest\n");

    CliRun run = CliRun.of("check", policy.toString(), suite.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("1 file, 1 policy: OK\n");
    assertThat(run.err())
        .isEqualTo("celador: skipping test suite " + suite + " (run it with 'celador test')\n")
        .doesNotContain("unknown kind");
  }

  @Test
  void check_severalTestSuitesNamed_oneLineNamingThem() throws IOException {
    Path policy = write("policy.yaml", VALID_POLICY);
    Path a = write("a_test.yaml", "kind: PolicyTest\n");
    Path b = write("b_test.yml", "kind: PolicyTest\n");

    CliRun run = CliRun.of("check", policy.toString(), a.toString(), b.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .isEqualTo(
            "celador: skipping 2 test suites (run them with 'celador test'): "
                + a
                + ", "
                + b
                + "\n");
  }

  @Test
  void check_onlyTestSuiteNamed_exitsOne() throws IOException {
    Path suite = write("policy_test.yaml", "apiVersion: celador.dev/v1alpha1\nkind: PolicyTest\n");

    CliRun run = CliRun.of("check", suite.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("skipping test suite", "no policy files found");
  }

  @Test
  void eval_deny_exitsZero() throws IOException {
    Path policy = write("deny.yaml", VALID_POLICY);
    Path request = write("request.yaml", REQUEST);

    CliRun run = eval(policy, request);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("DENY 403  team/deny-get  rule=no-gets\n");
  }

  @Test
  void eval_noTrace_leavesOutTrace() throws IOException {
    Path policy = write("deny.yaml", VALID_POLICY);
    Path request = write("request.yaml", REQUEST);

    CliRun run =
        CliRun.of(
            "eval",
            "--no-trace",
            "--output",
            "json",
            "--policies",
            policy.toString(),
            "--request",
            request.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"trace\" : [ ]");
  }

  @Test
  void eval_policyError_exitsTwo() throws IOException {
    Path policy = write("broken.yaml", BROKEN_POLICY);
    Path request = write("request.yaml", REQUEST);

    CliRun run = eval(policy, request);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.err()).contains("broken.yaml:8:");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void eval_missingRequestFile_exitsOneNamingTheFile() throws IOException {
    Path policy = write("deny.yaml", VALID_POLICY);
    Path request = dir.resolve("absent.yaml");

    CliRun run = eval(policy, request);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).isEqualTo("celador: " + request + ": no such file\n");
  }

  @Test
  void eval_invalidRequestFile_exitsOneWithPosition() throws IOException {
    Path policy = write("deny.yaml", VALID_POLICY);
    Path request = write("request.json", "{\"request\": {\"method\": GET}}");

    CliRun run = eval(policy, request);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).startsWith("celador: " + request + ":1:24: invalid JSON: ");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void eval_missingRequestOption_exitsOne() throws IOException {
    Path policy = write("deny.yaml", VALID_POLICY);

    CliRun run = CliRun.of("eval", "--policies", policy.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err())
        .contains(
            "Missing required argument (specify one of these): (-r=FILE |"
                + " --admission-review=FILE)");
  }

  @Test
  void unexpectedException_withoutDebug_printsOneLineAndHint() {
    CommandLine command = CeladorCommand.commandLine();
    StringWriter err = new StringWriter();
    command.setErr(new PrintWriter(err, true));
    var parsed = command.parseArgs("check", "x");

    int code =
        new ErrorReporter()
            .handleExecutionException(new IllegalStateException("boom"), command, parsed);

    assertThat(code).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(err.toString())
        .isEqualTo(
            "celador: internal error: java.lang.IllegalStateException: boom\n"
                + "(run with --debug for details)\n");
  }

  @Test
  void unexpectedException_withDebug_printsStackTrace() {
    CommandLine command = CeladorCommand.commandLine();
    StringWriter err = new StringWriter();
    command.setErr(new PrintWriter(err, true));
    var parsed = command.parseArgs("check", "--debug", "x");

    new ErrorReporter()
        .handleExecutionException(new IllegalStateException("boom"), command, parsed);

    assertThat(err.toString()).contains("\tat ").doesNotContain("--debug for details");
  }

  private CliRun eval(Path policy, Path request) {
    return CliRun.of("eval", "--policies", policy.toString(), "--request", request.toString());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("policies").resolve("examples"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
