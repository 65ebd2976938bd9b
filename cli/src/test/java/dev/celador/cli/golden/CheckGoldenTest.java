package dev.celador.cli.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code celador check} over every case in {@code src/test/resources/check/<case>/}: it checks
 * {@code policies/} and compares the rendered diagnostics (stderr) with {@code
 * expected-diagnostics.txt} and the summary (stdout) with {@code expected-summary.txt}. File names
 * in the output are relative to the case directory. A summary with ": OK" means exit code 0,
 * anything else exit code 2. An optional {@code args.txt} holds more arguments (one a line), such
 * as {@code --strict}. The same run with {@code --output json} is compared with {@code
 * expected.json}. Rewrite with {@code -Dgolden.update=true}.
 */
class CheckGoldenTest {

  static Stream<Path> cases() {
    return GoldenFiles.cases(GoldenFiles.sourceResources().resolve("check")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void check_case_matchesExpectedDiagnostics(Path caseDir) throws IOException {
    CliRun run = CliRun.of(GoldenFiles.arguments(caseDir, "policies", "check"));

    String prefix = caseDir + "/";
    GoldenFiles.assertMatches(
        caseDir.resolve("expected-diagnostics.txt"), run.err().replace(prefix, ""));
    GoldenFiles.assertMatches(caseDir.resolve("expected-summary.txt"), run.out());
    int expectedExit = run.out().contains(": OK") ? 0 : 2;
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(expectedExit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkJson_case_matchesExpectedDocument(Path caseDir) throws IOException {
    CliRun run = CliRun.of(GoldenFiles.arguments(caseDir, "policies", "check", "--output", "json"));

    GoldenFiles.assertMatches(
        caseDir.resolve("expected.json"), run.out().replace(caseDir + "/", ""));
    assertThat(run.err()).as("stderr: the diagnostics are in the document").isEmpty();
  }
}
