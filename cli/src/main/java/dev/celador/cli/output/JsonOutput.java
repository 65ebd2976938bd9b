package dev.celador.cli.output;

import dev.celador.engine.internal.json.JsonText;
import dev.celador.engine.internal.source.SourceLocation;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one writer of the CLI's machine output: every command builds its document as a Jackson tree
 * from {@link #object()} and prints it with {@link #write}; {@code -o yaml} converts that text
 * ({@link YamlOutput}). Documents use one key style, snake_case, as the decision log does ({@code
 * docs/decision-log.md}); maps of data (header names) keep their own keys, sorted. Pretty-printed,
 * stable, with a trailing newline; on {@link JsonText}'s factory, so strings are escaped as
 * everywhere else. A command's document is one renderer class here ({@code XxxJson.render(...)}
 * returning this text), which the command prints through {@code OutputOption.document}.
 */
public final class JsonOutput {

  private static final JsonMapper MAPPER = JsonMapper.builder(JsonText.factory()).build();
  private static final ObjectWriter WRITER = MAPPER.writerWithDefaultPrettyPrinter();

  private JsonOutput() {}

  /** A new, empty JSON object; keys keep the order they are put in. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A JSON object of {@code map} with its keys sorted, so output does not depend on hashing. */
  public static ObjectNode sorted(Map<String, String> map) {
    ObjectNode node = object();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  /** Puts {@code file}, {@code line} and {@code column} of {@code at} into {@code node}. */
  public static ObjectNode location(ObjectNode node, SourceLocation at) {
    node.put("file", at.file());
    node.put("line", at.line());
    node.put("column", at.column());
    return node;
  }

  /** The document as the command prints it. */
  public static String write(JsonNode node) {
    return WRITER.writeValueAsString(node) + "\n";
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
}
