package dev.celador.cli.output;

import dev.celador.engine.internal.json.JsonText;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;

/**
 * The SARIF 2.1.0 log celador writes ({@code check --format sarif}, {@code apply -o sarif}): one
 * run of the tool {@code celador} with its rules, then the results the caller writes. File names
 * are relative URIs as the user gave the paths.
 */
final class Sarif {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private Sarif() {}

  /** The log, pretty-printed: {@code rules} by id, and what {@code results} writes as results. */
  static String log(Collection<String> rules, Consumer<JsonGenerator> results) {
    StringWriter out = new StringWriter();
    JsonText.pretty(
        out,
        json -> {
          json.writeStartObject();
          json.writeStringProperty("$schema", SCHEMA);
          json.writeStringProperty("version", "2.1.0");
          json.writeArrayPropertyStart("runs");
          json.writeStartObject();
          json.writeObjectPropertyStart("tool");
          json.writeObjectPropertyStart("driver");
          json.writeStringProperty("name", "celador");
          json.writeArrayPropertyStart("rules");
          for (String id : rules) {
            json.writeStartObject();
            json.writeStringProperty("id", id);
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject(); // driver
          json.writeEndObject(); // tool
          json.writeArrayPropertyStart("results");
          results.accept(json);
          json.writeEndArray();
          json.writeEndObject(); // run
          json.writeEndArray();
          json.writeEndObject();
        });
    return out.toString();
  }

  /** A result's {@code locations}: {@code file} at {@code line} (and {@code column} if > 0). */
  static void locations(JsonGenerator json, String file, int line, int column) {
    json.writeArrayPropertyStart("locations");
    json.writeStartObject();
    json.writeObjectPropertyStart("physicalLocation");
    json.writeObjectPropertyStart("artifactLocation");
    json.writeStringProperty("uri", uri(file));
    json.writeEndObject();
    json.writeObjectPropertyStart("region");
    json.writeNumberProperty("startLine", line);
    if (column > 0) {
      json.writeNumberProperty("startColumn", column);
    }
    json.writeEndObject();
    json.writeEndObject(); // physicalLocation
    json.writeEndObject();
    json.writeEndArray();
  }

  /** A file name as a URI reference: forward slashes, and spaces and the like percent-encoded. */
  static String uri(String file) {
    try {
      return new URI(null, null, file.replace('\\', '/'), null).getRawPath();
    } catch (URISyntaxException e) {
      return file; // a name no URI can hold is still more use to a reader than none
    }
  }
}
