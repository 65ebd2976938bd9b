package dev.celador.cli;

import java.io.InputStream;
import java.util.Map;

/**
 * What a run of {@code celador} gets from its surroundings besides arguments: standard input (for
 * {@code -} in place of a file), the environment ({@code NO_COLOR}, {@code TERM}) and whether
 * standard output is a terminal. Tests pass their own.
 */
public record Console(InputStream stdin, Map<String, String> env, boolean terminal) {

  /** The process's own: a terminal when the JVM has a console (stdin and stdout both ttys). */
  public static Console system() {
    return new Console(System.in, System.getenv(), System.console() != null);
  }
}
