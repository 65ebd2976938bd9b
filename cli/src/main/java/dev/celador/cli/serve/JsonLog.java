package dev.celador.cli.serve;

import dev.celador.engine.json.JsonText;
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
    out.println(
        JsonText.compact(
            json -> {
              json.writeStartObject();
              json.writeStringProperty("time", Instant.now().toString());
              json.writeStringProperty("level", level);
              json.writeStringProperty("msg", msg);
              fields.forEach(
                  (k, v) -> {
                    json.writeName(k);
                    if (v instanceof Number || v instanceof Boolean) {
                      JsonText.writeValue(json, v);
                    } else {
                      json.writeString(String.valueOf(v));
                    }
                  });
              json.writeEndObject();
            }));
    out.flush();
  }
}
