package dev.celador.conformance.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds kube-apiserver, kubectl and etcd by running {@code
 * conformance-tests/kube/build-binaries.sh}, which builds them from their Go modules once and
 * afterwards only prints the cache directory.
 */
final class KubeBinaries {

  /** Why the binaries are missing, for a skip or failure message. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private KubeBinaries() {}

  static Path directory() throws Unavailable {
    String script = System.getProperty("kube.buildScript");
    if (script == null || !Files.isRegularFile(Path.of(script))) {
      throw new Unavailable(
          "system property kube.buildScript does not name conformance-tests/kube/build-binaries.sh"
              + " (run the tests through Maven failsafe)");
    }
    try {
      // The build log goes to the Maven output so a first, 10-minute build is visible as such.
      Process process =
          new ProcessBuilder(List.of("bash", script))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new Unavailable(
            "build-binaries.sh exited with "
                + exit
                + (exit == 2 ? " (Go is not installed)" : "; its output is above"));
      }
      String[] lines = out.strip().split("\n");
      Path dir = Path.of(lines[lines.length - 1].strip());
      for (String name : List.of("kube-apiserver", "kubectl", "etcd")) {
        if (!Files.isExecutable(dir.resolve("bin").resolve(name))) {
          throw new Unavailable(
              "build-binaries.sh printed " + dir + " but bin/" + name + " is missing");
        }
      }
      return dir.resolve("bin");
    } catch (IOException e) {
      throw new Unavailable("could not run build-binaries.sh: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while building the kube binaries");
    }
  }
}
