package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code celador completion bash|zsh|fish}: scripts generated from the command model. */
class CompletionCommandTest {

  @TempDir Path dir;

  @Test
  void completionBash_sourcedInBash_registersTheCompletionFunction() throws Exception {
    CliRun run = CliRun.of("completion", "bash");
    Path script = Files.writeString(dir.resolve("celador.bash"), run.out());

    String registered = shell("bash", "-c", "source '" + script + "' && complete -p celador");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(registered).contains("celador");
  }

  @Test
  void completionBash_always_completesSubcommands() {
    CliRun run = CliRun.of("completion", "bash");

    assertThat(run.out()).contains("serve", "check", "eval", "test", "version", "completion");
  }

  @Test
  void completionZsh_always_loadsBashCompletionThroughBashcompinit() {
    CliRun run = CliRun.of("completion", "zsh");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("bashcompinit", "complete -F");
  }

  @Test
  void completionFish_always_hasALineForEveryOptionOfEveryCommand() {
    CliRun run = CliRun.of("completion", "fish");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    CommandLine root = CeladorCommand.commandLine();
    for (CommandLine sub : root.getSubcommands().values()) {
      String name = sub.getCommandName();
      assertThat(run.out()).contains("complete -c celador -n '__fish_use_subcommand' -a " + name);
      for (OptionSpec option : sub.getCommandSpec().options()) {
        String flag = option.longestName().replaceFirst("^-+", "");
        assertThat(run.out())
            .as(name + " " + option.longestName())
            .containsPattern(
                "complete -c celador -n '__fish_seen_subcommand_from "
                    + name
                    + "'.* -l "
                    + java.util.regex.Pattern.quote(flag)
                    + "( |$)");
      }
    }
  }

  @Test
  void completionFish_enumOption_offersItsValues() {
    CliRun run = CliRun.of("completion", "fish");

    assertThat(run.out())
        .containsPattern("__fish_seen_subcommand_from check'.* -l output .*-a '[^']*json");
  }

  @Test
  void completion_unknownShell_exitsOne() {
    CliRun run = CliRun.of("completion", "powershell");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
  }

  private static String shell(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
