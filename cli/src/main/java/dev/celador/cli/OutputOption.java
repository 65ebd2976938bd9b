package dev.celador.cli;

import dev.celador.cli.output.YamlOutput;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --output} flag, shared by every command that prints one document. */
final class OutputOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  OutputFormat format = OutputFormat.TEXT;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
  void format(OutputFormat value) {
    if (value == OutputFormat.JUNIT || value == OutputFormat.SARIF) {
      // Reports per object and policy: only apply has them.
      throw new ParameterException(
          command.commandLine(),
          "--output "
              + value.name().toLowerCase(java.util.Locale.ROOT)
              + " is for celador apply; here: text, json or yaml");
    }
    format = value;
  }

  /** A document for tools (json or yaml) rather than text for people. */
  boolean json() {
    return format == OutputFormat.JSON || format == OutputFormat.YAML;
  }

  /** {@code json}, the command's one JSON document, in the chosen notation. */
  String document(String json) {
    return format == OutputFormat.YAML ? YamlOutput.fromJson(json) : json;
  }
}
