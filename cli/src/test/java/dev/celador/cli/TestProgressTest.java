package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cli.golden.GoldenFiles;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code celador test} counts finished suites on stderr while it runs, only for a person watching
 * it: stderr a terminal, not in CI, not for {@code -o json}. The decision is the Console's, which
 * these runs set.
 */
class TestProgressTest {

  private static final String EXAMPLES =
      GoldenFiles.repositoryRoot().resolve("policies/examples").toString();

  private static Console console(Map<String, String> env, boolean stderrTerminal) {
    return new Console(InputStream.nullInputStream(), env, false, stderrTerminal);
  }

  @Test
  void test_stderrTerminal_countsSuitesOnOneLineAndClearsIt() {
    CliRun run = CliRun.with(console(Map.of(), true), "test", EXAMPLES);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .startsWith("\rcelador test: 1/5 suites")
        .contains("\rcelador test: 5/5 suites")
        .endsWith("\r\u001b[K")
        .doesNotContain("\n");
    assertThat(run.out()).doesNotContain("suites\r").endsWith("passed, 0 failed\n");
  }

  @Test
  void suiteFinished_earlierCountArrivesLate_keepsTheHigherCount() {
    java.io.StringWriter text = new java.io.StringWriter();
    TestProgress progress = new TestProgress(new java.io.PrintWriter(text));

    progress.suiteFinished(2, 3);
    progress.suiteFinished(1, 3);
    progress.clear();

    assertThat(text.toString()).isEqualTo("\rcelador test: 2/3 suites\r\u001b[K");
  }

  @Test
  void test_inCi_printsNoProgress() {
    CliRun run = CliRun.with(console(Map.of("CI", "true"), true), "test", EXAMPLES);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void test_stderrNotATerminal_printsNoProgress() {
    CliRun run = CliRun.with(console(Map.of(), false), "test", EXAMPLES);

    assertThat(run.err()).isEmpty();
  }

  @Test
  void test_jsonOutput_printsNoProgress() {
    CliRun run = CliRun.with(console(Map.of(), true), "test", "-o", "json", EXAMPLES);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void test_dumbTerminal_printsNoProgress() {
    CliRun run = CliRun.with(console(Map.of("TERM", "dumb"), true), "test", EXAMPLES);

    assertThat(run.err()).isEmpty();
  }
}
