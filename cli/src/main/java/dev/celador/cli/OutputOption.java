package dev.celador.cli;

import picocli.CommandLine.Option;

/** The {@code --output} flag, shared by every command that prints a result. */
final class OutputOption {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  boolean json() {
    return format == OutputFormat.JSON;
  }
}
