package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read as an object with named fields. Reports keys that are not strings, duplicate
 * keys (at the second one) and, on request, unknown fields (at the key) and missing required fields
 * (at the key naming this mapping).
 */
final class MappingReader {

  /** One key and its value, in file order. */
  record Entry(String key, Value value) {}

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final String path;
  private final SourceLocation anchor;
  private final Reporter reporter;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /**
   * @param anchor where "missing field" errors point: the key naming this mapping, or the mapping
   *     itself for list items and whole documents
   */
  MappingReader(MappingNode node, String path, SourceLocation anchor, Reporter reporter) {
    this.path = path;
    this.anchor = anchor;
    this.reporter = reporter;
    for (NodeTuple tuple : node.getValue()) {
      readEntry(tuple);
    }
  }

  private void readEntry(NodeTuple tuple) {
    Node keyNode = tuple.getKeyNode();
    SourceLocation keyLocation = reporter.lines().at(keyNode);
    String where = path.isEmpty() ? "a document" : path;
    if (!(keyNode instanceof ScalarNode scalar) || Tag.NULL.equals(keyNode.getTag())) {
      reporter.wrongType(keyLocation, where, "a string key", Value.describe(keyNode));
      return;
    }
    String key = scalar.getValue();
    Entry first = entries.get(key);
    if (first != null) {
      reporter.error(
          Reporter.DUPLICATE_KEY,
          keyLocation,
          "duplicate key '"
              + key
              + "' in "
              + where
              + "; first defined at line "
              + first.value().keyLocation().line());
      return;
    }
    Value value = new Value(tuple.getValueNode(), childPath(path, key), keyLocation, reporter);
    entries.put(key, new Entry(key, value));
  }

  String path() {
    return path;
  }

  SourceLocation anchor() {
    return anchor;
  }

  /** Reports every key not in {@code allowed} as an unknown field; returns this for chaining. */
  MappingReader allowOnly(List<String> allowed) {
    List<String> sorted = allowed.stream().sorted().toList();
    for (Entry entry : entries.values()) {
      if (!allowed.contains(entry.key())) {
        reporter.unknownField(entry.value().keyLocation(), entry.key(), path, sorted);
      }
    }
    return this;
  }

  Optional<Value> optional(String field) {
    return Optional.ofNullable(entries.get(field)).map(Entry::value);
  }

  /** An optional boolean that defaults to false; empty (reported) when present but not a bool. */
  Optional<Boolean> flag(String field) {
    return optional(field).map(Value::asBool).orElse(Optional.of(false));
  }

  Optional<Value> required(String field) {
    Optional<Value> value = optional(field);
    if (value.isEmpty()) {
      reporter.missing(anchor, childPath(path, field));
    }
    return value;
  }

  List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** {@code spec.target}, or {@code metadata.labels["app.kubernetes.io/name"]} for odd keys. */
  static String childPath(String parent, String key) {
    if (!SIMPLE_KEY.matcher(key).matches()) {
      return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }
}
