package dev.celador.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of {@code celador} gets from its surroundings besides arguments: standard input (for
 * {@code -} in place of a file), the environment ({@code NO_COLOR}, {@code TERM}, {@code CI}),
 * whether standard output is a terminal and whether standard error is. Tests pass their own.
 *
 * @param terminal standard output is a terminal (colour)
 * @param errTerminal standard error is a terminal (progress)
 */
public record Console(
    InputStream stdin, Map<String, String> env, boolean terminal, boolean errTerminal) {

  /** The process's own: a terminal when the JVM has a console (stdin and stdout both ttys). */
  public static Console system() {
    return new Console(System.in, System.getenv(), System.console() != null, stderrIsTerminal());
  }

  /**
   * Whether a person is watching standard error as the run goes: it is a terminal that is not
   * {@code dumb}, and the run is not a CI job ({@code CI} set, as GitHub Actions, GitLab and most
   * CI services do), where a log would keep every redrawn line.
   */
  public boolean watchedErr() {
    return errTerminal && env.getOrDefault("CI", "").isEmpty() && !"dumb".equals(env.get("TERM"));
  }

  /**
   * Java 17 cannot ask whether one stream is a tty; on Linux file descriptor 2 links to the
   * terminal device. Elsewhere (or unreadable) the answer is no: no progress, never a garbled log.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
