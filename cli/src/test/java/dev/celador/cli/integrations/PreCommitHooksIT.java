package dev.celador.cli.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.schema.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks of {@code .pre-commit-hooks.yaml}, run by the real pre-commit ({@code pre-commit
 * try-repo} on this repository) in a user's repository. CI installs pre-commit (.ci/run); without
 * it this test skips, and fails under CI=true.
 */
class PreCommitHooksIT {

  @TempDir Path dir;
  private Path preCommit;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    preCommit = findPreCommit().orElse(null);
    if (preCommit == null) {
      String why = "pre-commit is not installed (.ci/run installs it into ~/.cache/celador)";
      assertThat("true".equals(System.getenv("CI"))).as(why).isFalse();
      Assumptions.abort("PreCommitHooksIT SKIPPED: " + why);
    }
    workspace = new Workspace(dir.resolve("repo"));
    git("init", "-q");
  }

  @Test
  void celadorCheck_brokenPolicy_failsWithFileLineDiagnostic() throws Exception {
    workspace.withBadPolicy();
    git("add", "-A");

    Workspace.Run run = tryRepo("celador-check");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("celador check", "Failed", "exit code: 2")
        .contains("policies/bad.yaml:8:20: error[undefined_field]: undefined field 'methd'")
        .doesNotContain("orders.yaml:");
  }

  @Test
  void bothHooks_goodPolicies_pass() throws Exception {
    git("add", "-A");

    Workspace.Run check = tryRepo("celador-check");
    Workspace.Run test = tryRepo("celador-test");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("celador check", "Passed");
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("celador test", "Passed");
  }

  @Test
  void celadorTest_failingCase_failsWithTheCaseLine() throws Exception {
    Files.writeString(
        workspace.dir().resolve("policies/orders_test.yaml"),
        Samples.SUITE.replace("allowed: true", "allowed: false"));
    git("add", "-A");

    Workspace.Run run = tryRepo("celador-test");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("--- FAIL: orders/reads", "orders_test.yaml:7:");
  }

  private Workspace.Run tryRepo(String hook) throws Exception {
    return workspace.run(
        Map.of("CELADOR", Workspace.CELADOR, "PRE_COMMIT_HOME", dir.resolve("cache").toString()),
        List.of(
            preCommit.toString(),
            "try-repo",
            Workspace.REPO.toString(),
            hook,
            "--all-files",
            "--color=never"));
  }

  private void git(String... args) throws Exception {
    List<String> command =
        Stream.concat(
                Stream.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"),
                Stream.of(args))
            .toList();
    Workspace.Run run = workspace.run(Map.of(), command);
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  /** $PRE_COMMIT, the virtualenv .ci/run installs, or pre-commit on PATH. */
  private static Optional<Path> findPreCommit() throws IOException {
    String explicit = System.getenv("PRE_COMMIT");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    Path venv =
        Path.of(System.getProperty("user.home"), ".cache/celador/pre-commit/bin/pre-commit");
    if (Files.isExecutable(venv)) {
      return Optional.of(venv);
    }
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(folder, "pre-commit");
      if (!folder.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
