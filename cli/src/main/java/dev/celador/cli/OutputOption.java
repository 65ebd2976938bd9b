package dev.celador.cli;

import dev.celador.cli.output.YamlOutput;
import picocli.CommandLine.Option;

/** The {@code --output} flag, shared by every command that prints a result. */
final class OutputOption {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  /** A document for tools (json or yaml) rather than text for people. */
  boolean json() {
    return format == OutputFormat.JSON || format == OutputFormat.YAML;
  }

  /** {@code json}, the command's one JSON document, in the chosen notation. */
  String document(String json) {
    return format == OutputFormat.YAML ? YamlOutput.fromJson(json) : json;
  }
}
