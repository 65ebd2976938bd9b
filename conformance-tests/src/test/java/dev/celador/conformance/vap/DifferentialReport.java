package dev.celador.conformance.vap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a differential corpus tells its result: the summary on stdout, the summary and every
 * mismatch in {@code target/<file>}, and the excluded cases that match again (their exclusion is
 * stale).
 */
final class DifferentialReport {

  private DifferentialReport() {}

  static void publish(String summary, StringBuilder mismatches, List<String> stale, String file)
      throws IOException {
    System.out.println("\n" + summary + "\n");
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve(file), summary + "\n\n" + mismatches);
    }
    if (!stale.isEmpty()) {
      System.out.println(
          "Excluded cases that now match (remove them from exclusions.yaml): " + stale);
    }
  }
}
