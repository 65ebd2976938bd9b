package dev.celador.cli.serve;

import dev.celador.extauthz.DenyBody;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/** Operational log lines, one JSON object each, on stderr (decisions go to stdout). */
public final class JsonLog {

  private final PrintStream out;

  public JsonLog(PrintStream out) {
    this.out = out;
  }

  public void info(String msg, Map<String, ?> fields) {
    write("info", msg, fields);
  }

  public void warn(String msg, Map<String, ?> fields) {
    write("warn", msg, fields);
  }

  public void error(String msg, Map<String, ?> fields) {
    write("error", msg, fields);
  }

  private synchronized void write(String level, String msg, Map<String, ?> fields) {
    StringBuilder line =
        new StringBuilder(128)
            .append("{\"time\":\"")
            .append(Instant.now())
            .append("\",\"level\":\"")
            .append(level)
            .append("\",\"msg\":")
            .append(DenyBody.quote(msg));
    fields.forEach(
        (k, v) -> {
          line.append(',').append(DenyBody.quote(k)).append(':');
          line.append(v instanceof Number || v instanceof Boolean ? v.toString() : quote(v));
        });
    out.println(line.append('}'));
    out.flush();
  }

  private static String quote(Object v) {
    return DenyBody.quote(String.valueOf(v));
  }
}
