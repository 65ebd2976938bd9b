package dev.celador.cli.output;

import dev.celador.engine.json.JsonText;
import dev.celador.engine.source.Diagnostic;
import dev.celador.engine.source.SourceLocation;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JsonGenerator;

/**
 * {@code celador check --format sarif}: the diagnostics as one SARIF 2.1.0 run, for code scanning
 * uploads (GitHub's {@code upload-sarif}, GitLab, IDEs). Each diagnostic code is a rule; file names
 * are relative URIs as the user gave the paths, so run {@code check} from the repository root.
 */
public final class DiagnosticsSarif {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private DiagnosticsSarif() {}

  public static String render(List<Diagnostic> diagnostics) {
    StringWriter out = new StringWriter();
    JsonText.pretty(out, json -> write(json, diagnostics));
    return out.toString();
  }

  private static void write(JsonGenerator json, List<Diagnostic> diagnostics) {
    json.writeStartObject();
    json.writeStringProperty("$schema", SCHEMA);
    json.writeStringProperty("version", "2.1.0");
    json.writeArrayPropertyStart("runs");
    json.writeStartObject();
    json.writeObjectPropertyStart("tool");
    json.writeObjectPropertyStart("driver");
    json.writeStringProperty("name", "celador");
    json.writeArrayPropertyStart("rules");
    for (String code : new TreeSet<>(diagnostics.stream().map(Diagnostic::code).toList())) {
      json.writeStartObject();
      json.writeStringProperty("id", code);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject(); // driver
    json.writeEndObject(); // tool
    json.writeArrayPropertyStart("results");
    for (Diagnostic diagnostic : diagnostics) {
      result(json, diagnostic);
    }
    json.writeEndArray();
    json.writeEndObject(); // run
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void result(JsonGenerator json, Diagnostic diagnostic) {
    SourceLocation at = diagnostic.location();
    json.writeStartObject();
    json.writeStringProperty("ruleId", diagnostic.code());
    json.writeStringProperty("level", diagnostic.isError() ? "error" : "warning");
    json.writeObjectPropertyStart("message");
    json.writeStringProperty("text", diagnostic.message());
    json.writeEndObject();
    json.writeArrayPropertyStart("locations");
    json.writeStartObject();
    json.writeObjectPropertyStart("physicalLocation");
    json.writeObjectPropertyStart("artifactLocation");
    json.writeStringProperty("uri", uri(at.file()));
    json.writeEndObject();
    json.writeObjectPropertyStart("region");
    json.writeNumberProperty("startLine", at.line());
    json.writeNumberProperty("startColumn", at.column());
    json.writeEndObject();
    json.writeEndObject(); // physicalLocation
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
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
