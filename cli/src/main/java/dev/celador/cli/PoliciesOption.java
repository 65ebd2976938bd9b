package dev.celador.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -p/--policies}: the policies a command evaluates with ({@code eval}, {@code apply}). */
final class PoliciesOption {

  @Option(
      names = {"-p", "--policies"},
      paramLabel = "PATH",
      required = true,
      description = "Policy file or directory; repeat for more; - reads standard input.")
  List<Path> paths;
}
