package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The command line's own manners: version, help, suggestions, colour (issue 22). */
class CliUxTest {

  @Test
  void version_text_namesVersionCommitBuildDateAndJdk() {
    CliRun run = CliRun.of("version");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .startsWith("celador ")
        .containsPattern("(?m)^commit: +([0-9a-f]{7,40}|unknown)$")
        .containsPattern("(?m)^built: +\\S+$")
        .contains("jdk: ", System.getProperty("java.version"));
  }

  @Test
  void version_json_isOneObjectWithEveryField() throws Exception {
    CliRun run = CliRun.of("version", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    var node = new tools.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(node.propertyNames()).containsExactly("version", "commit", "built", "jdk");
    assertThat(node.get("jdk").asString()).contains(System.getProperty("java.version"));
  }

  @Test
  void help_subcommandSummaries_areWholeSentences() {
    CommandSpec root = CeladorCommand.commandLine().getCommandSpec();

    for (CommandLine sub : root.subcommands().values()) {
      var usage = sub.getCommandSpec().usageMessage();
      String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      assertThat(summary).as(sub.getCommandName()).endsWith(".");
    }
  }

  @Test
  void unknownCommand_typo_suggestsTheClosestCommand() {
    CliRun run = CliRun.of("tset");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("did you mean 'test'?").doesNotContain("serve");
  }

  @Test
  void unknownOption_typo_suggestsTheClosestOption() {
    CliRun run = CliRun.of("test", "--coverag");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    assertThat(run.err()).contains("Unknown option: '--coverag'", "did you mean '--coverage'?");
  }

  @Test
  void unknownOption_withValue_suggestsTheOptionWithoutTheValue() {
    CliRun run = CliRun.of("check", "--outptu=json", "x");

    assertThat(run.err()).contains("did you mean '--output'?");
  }

  @Test
  void unknownOption_short_suggestsNothing() {
    CliRun run = CliRun.of("check", "-x", "x");

    assertThat(run.err()).contains("Unknown option: '-x'").doesNotContain("did you mean");
  }

  @Test
  void unknownOption_unrelated_suggestsNothing() {
    CliRun run = CliRun.of("check", "--frobnicate-everything", "x");

    assertThat(run.err()).doesNotContain("did you mean");
  }

  @Test
  void color_terminal_colorsTheSummary() {
    CliRun run = CliRun.inTerminal(Map.of(), true, "check", examples());

    assertThat(run.out()).contains("\u001b[32m");
  }

  @Test
  void color_noColorSet_printsPlainText() {
    CliRun run = CliRun.inTerminal(Map.of("NO_COLOR", "1"), true, "check", examples());

    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void color_notATerminal_printsPlainText() {
    CliRun run = CliRun.inTerminal(Map.of(), false, "check", examples());

    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void color_always_colorsEvenWithNoColorAndNoTerminal() {
    CliRun run =
        CliRun.inTerminal(Map.of("NO_COLOR", "1"), false, "--color=always", "check", examples());

    assertThat(run.out()).contains("\u001b[32m");
  }

  @Test
  void color_never_printsPlainTextInATerminal() {
    CliRun run = CliRun.inTerminal(Map.of(), true, "check", "--color", "never", examples());

    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void color_dumbTerminal_printsPlainText() {
    CliRun run = CliRun.inTerminal(Map.of("TERM", "dumb"), true, "check", examples());

    assertThat(run.out()).doesNotContain("\u001b[");
  }

  @Test
  void color_evalInTerminal_colorsTheDecision() {
    CliRun run = CliRun.inTerminal(Map.of(), true, evalDeniedDelete());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("\u001b[31mDENY 403\u001b[0m");
  }

  @Test
  void color_evalNotATerminal_printsPlainText() {
    CliRun run = CliRun.inTerminal(Map.of(), false, evalDeniedDelete());

    assertThat(run.out()).startsWith("DENY 403").doesNotContain("\u001b[");
  }

  @Test
  void color_evalJsonInTerminal_printsPlainJson() {
    String[] args = evalDeniedDelete();
    String[] json = java.util.Arrays.copyOf(args, args.length + 2);
    json[args.length] = "-o";
    json[args.length + 1] = "json";

    CliRun run = CliRun.inTerminal(Map.of(), true, json);

    assertThat(run.out()).startsWith("{").doesNotContain("\u001b[");
  }

  /** eval of a DELETE that the examples' shop/no-deletes denies. */
  private static String[] evalDeniedDelete() {
    return new String[] {
      "eval",
      "-p",
      examples(),
      "-r",
      dev.celador.cli.golden.GoldenFiles.sourceResources()
          .resolve("eval/orders-delete-denied-for-frontend/request.yaml")
          .toString()
    };
  }

  private static String examples() {
    return dev.celador.cli.golden.GoldenFiles.repositoryRoot()
        .resolve("policies/examples")
        .toString();
  }
}
