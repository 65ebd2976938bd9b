package dev.celador.engine.internal.schema;

import dev.celador.engine.internal.json.JsonText;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated JSON Schema file: a root shape and the definitions it refers to ({@link
 * Shape#ref}), written as stable, indented JSON text.
 *
 * @param fileName the file's name under {@code schemas/}
 */
public record SchemaDocument(
    String fileName, String title, Shape root, Map<String, Shape> definitions) {

  public SchemaDocument {
    definitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
  }

  /** The file's text, ending in a newline. */
  public String text() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", Shape.DRAFT_07);
    schema.put("title", title);
    schema.put(
        "$comment",
        "Generated from Celador's readers; do not edit. Regenerate: see docs/editor.md.");
    schema.putAll(root.schema());
    Map<String, Object> defs = new LinkedHashMap<>();
    definitions.forEach((name, shape) -> defs.put(name, shape.schema()));
    if (!defs.isEmpty()) {
      schema.put("definitions", defs);
    }
    StringWriter out = new StringWriter();
    JsonText.pretty(out, json -> JsonText.writeValue(json, schema));
    return out.toString();
  }
}
