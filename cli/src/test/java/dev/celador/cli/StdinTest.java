package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.golden.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code -} in place of a file reads standard input, with the same output as the file. */
class StdinTest {

  private static final Path EVAL = GoldenFiles.sourceResources().resolve("eval");
  private static final Path EXAMPLES =
      GoldenFiles.repositoryRoot().resolve("policies").resolve("examples");
  private static final Path ADMISSION = GoldenFiles.sourceResources().resolve("eval-admission");

  @Test
  void evalRequest_dash_readsTheRequestFromStdin() throws IOException {
    String policies = EXAMPLES.toString();
    Path request = EVAL.resolve("orders-frontend-read-allowed/request.yaml");
    CliRun fromFile = CliRun.of("eval", "-p", policies, "-r", request.toString());

    CliRun fromStdin =
        CliRun.withStdin(Files.readString(request), "eval", "-p", policies, "-r", "-");

    assertThat(fromStdin.exitCode()).as(fromStdin.err()).isEqualTo(ExitCodes.OK);
    assertThat(fromStdin.out()).isEqualTo(fromFile.out()).contains("ALLOW");
  }

  @Test
  void evalRequest_badStdin_namesStdinInTheError() {
    String policies = EXAMPLES.toString();

    CliRun run = CliRun.withStdin("[1, 2]", "eval", "-p", policies, "-r", "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("<stdin>").contains("must hold an object");
  }

  @Test
  void evalAdmissionReview_dash_readsTheReviewFromStdin() throws IOException {
    Path shared = ADMISSION.resolve("shared");
    Path review = ADMISSION.resolve("shop-allowed/review.json");

    CliRun run =
        CliRun.withStdin(
            Files.readString(review),
            "eval",
            "-p",
            shared.resolve("policies").toString(),
            "--params",
            shared.resolve("params").toString(),
            "--namespaces",
            shared.resolve("namespaces").toString(),
            "--admission-review",
            "-",
            "--no-trace");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .isEqualTo(Files.readString(ADMISSION.resolve("shop-allowed/expected.json")));
  }

  @Test
  void check_dash_checksPolicyTextFromStdin() throws IOException {
    String policy = Files.readString(EXAMPLES.resolve("orders-rbac.yaml"));

    CliRun run = CliRun.withStdin(policy, "check", "-");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).isEqualTo("1 file, 1 policy: OK\n");
  }

  @Test
  void check_dashWithError_namesStdinInTheDiagnostic() {
    CliRun run =
        CliRun.withStdin(
            "apiVersion: celador.dev/v1alpha1\nkind: AccessPolicy\nmetadata: {name: x}\n"
                + "spec:\n  action: DENY\n  rules:\n    - name: r\n      when: request.methd == 'GET'\n",
            "check",
            "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.err()).contains("<stdin>:8:");
  }

  @Test
  void evalPolicies_dash_readsPoliciesFromStdin() throws IOException {
    Path policyFile = EXAMPLES.resolve("orders-rbac.yaml");

    CliRun run =
        CliRun.withStdin(
            Files.readString(policyFile),
            "eval",
            "-p",
            "-",
            "-r",
            EVAL.resolve("orders-frontend-read-allowed/request.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("ALLOW");
  }

  @Test
  void eval_dashTwice_exitsOneSayingStdinIsReadOnce() {
    CliRun run = CliRun.withStdin("{}", "eval", "-p", "-", "-r", "-");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("standard input").contains("once");
  }

  @Test
  void check_dashWithOtherPaths_exitsOne() {
    CliRun run = CliRun.withStdin("{}", "check", "-", "policies");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("'-'");
  }
}
