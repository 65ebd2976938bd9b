package dev.celador.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code celador completion bash|zsh|fish}: a completion script generated from the command model,
 * so new commands and flags complete without editing it. Bash and zsh share picocli's script (it
 * loads zsh's bashcompinit itself); fish has its own, from {@link FishCompletion}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a shell completion script for bash, zsh or fish.",
    footer = {
      "",
      "bash: source <(celador completion bash)     (or save it in your bash_completion.d)",
      "zsh:  source <(celador completion zsh)      (in ~/.zshrc)",
      "fish: celador completion fish > ~/.config/fish/completions/celador.fish"
    })
final class CompletionCommand implements Callable<Integer> {

  /** The shells a script is generated for. */
  enum Shell {
    BASH,
    ZSH,
    FISH
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        switch (shell) {
          case BASH, ZSH -> AutoComplete.bash(root.getCommandName(), root);
          case FISH -> FishCompletion.script(root.getCommandSpec());
        });
    out.flush();
    return ExitCodes.OK;
  }
}
