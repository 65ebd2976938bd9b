package dev.celador.cli.output;

import dev.celador.engine.json.JsonText;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CLI's pretty-printed JSON, stable, with a trailing newline; on {@link JsonText}'s factory, so
 * strings are escaped as everywhere else.
 */
final class JsonOutput {

  private static final JsonMapper MAPPER = JsonMapper.builder(JsonText.factory()).build();
  private static final ObjectWriter WRITER = MAPPER.writerWithDefaultPrettyPrinter();

  private JsonOutput() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A JSON object of {@code map} with its keys sorted, so output does not depend on hashing. */
  static ObjectNode sorted(Map<String, String> map) {
    ObjectNode node = object();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  /** {@code json} as plain values: ordered maps, lists, strings, numbers, booleans and null. */
  static Object read(String json) {
    return MAPPER.readValue(json, Object.class);
  }

  /** {@code json} as a tree, to embed one JSON document (say, an AdmissionReview) in another. */
  static JsonNode tree(String json) {
    return MAPPER.readTree(json);
  }

  /**
   * A generator on {@code out} that prints as {@link #write} does, for a document written piece by
   * piece ({@code apply}'s objects, as they are judged). Flush it; closing would close {@code out}.
   */
  static JsonGenerator generator(Writer out) {
    return WRITER.createGenerator(out);
  }

  static String write(JsonNode node) {
    return WRITER.writeValueAsString(node) + "\n";
  }
}
