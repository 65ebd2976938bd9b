package dev.celador.conformance.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool (helm, kubectl, a build script) and keeps its exit code and combined output. */
public record Command(List<String> argv, int exit, String output) {

  public static Command run(Path workDir, Duration timeout, List<String> argv) {
    try {
      Process p =
          new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      // Read while it runs so a chatty tool never blocks on a full pipe.
      var output = new java.io.ByteArrayOutputStream();
      Thread reader =
          new Thread(
              () -> {
                try {
                  p.getInputStream().transferTo(output);
                } catch (IOException ignored) {
                  // the process ended; what was read is kept
                }
              });
      reader.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", argv));
      }
      reader.join(5000);
      return new Command(argv, p.exitValue(), output.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", argv), e);
    }
  }

  /** The output, failing with the command line and output when the exit code is not 0. */
  public String ok() {
    if (exit != 0) {
      throw new AssertionError(String.join(" ", argv) + " exited with " + exit + ":\n" + output);
    }
    return output;
  }

  /** The last line of the output: what the build scripts print as their result. */
  public String lastLine() {
    String[] lines = ok().strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
