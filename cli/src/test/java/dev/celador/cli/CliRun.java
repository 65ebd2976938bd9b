package dev.celador.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of {@code celador}: its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    return withStdin("", args);
  }

  /** A run whose standard input holds {@code stdin}, for {@code -} in place of a file. */
  public static CliRun withStdin(String stdin, String... args) {
    return run(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), false, args);
  }

  /** A run with its own environment and "terminal" flag for stdout, for colour. */
  public static CliRun inTerminal(Map<String, String> env, boolean terminal, String... args) {
    return run(InputStream.nullInputStream(), env, terminal, args);
  }

  private static CliRun run(
      InputStream stdin, Map<String, String> env, boolean terminal, String... args) {
    return with(new Console(stdin, env, terminal, false), args);
  }

  /** A run in {@code console}: its stdin, environment and which outputs are terminals. */
  public static CliRun with(Console console, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = CeladorCommand.commandLine(console);
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int code = command.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
