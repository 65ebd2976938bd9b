package dev.celador.cli;

import dev.celador.cli.output.VersionJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code celador version}: version, commit, build time and JDK, as text or JSON. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version, git commit, build time and JDK of this celador.")
final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin OutputOption output;

  @Override
  public Integer call() {
    BuildInfo info = BuildInfo.current();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.print(
          output.document(
              VersionJson.render(info.version(), info.commit(), info.built(), info.jdk())));
    } else {
      for (String line : info.lines()) {
        out.println(line);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
