package dev.celador.engine.internal.parse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node as plain values (maps, lists, strings, longs, doubles, booleans, null), for documents
 * that are data rather than policy (a CustomResourceDefinition's schema).
 */
final class PlainYaml {

  private PlainYaml() {}

  /** The node's value; a mapping as a map of its keys' text, in file order. */
  static Map<String, Object> of(Node root) {
    Object value = value(root);
    return value instanceof Map<?, ?> ? cast(value) : Map.of();
  }

  private static Object value(Node node) {
    if (node instanceof MappingNode mapping) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          out.put(key.getValue(), value(tuple.getValueNode()));
        }
      }
      return out;
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> out = new ArrayList<>();
      sequence.getValue().forEach(item -> out.add(value(item)));
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    Tag tag = node.getTag();
    try {
      if (Tag.BOOL.equals(tag)) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes");
      } else if (Tag.INT.equals(tag)) {
        return new BigInteger(text.replace("_", "").replace("+", "")).longValue();
      } else if (Tag.FLOAT.equals(tag)) {
        return Double.valueOf(text.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return text;
    }
    return Tag.NULL.equals(tag) ? null : text;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
