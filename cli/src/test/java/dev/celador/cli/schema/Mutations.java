package dev.celador.cli.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Wrong variants of a valid document, one mistake each: an unknown field in every mapping, every
 * mapping and list replaced by a number, every scalar replaced by a mapping and by a scalar of
 * another type. The schema and the reader must agree on each.
 */
final class Mutations {

  /** One variant: what was changed, and the whole changed document. */
  record Mutation(String description, JsonNode document) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Mutations() {}

  static List<Mutation> of(JsonNode document) {
    List<Mutation> out = new ArrayList<>();
    visit(document, document, new ArrayList<>(), out);
    return out;
  }

  private static void visit(JsonNode root, JsonNode node, List<Object> path, List<Mutation> out) {
    if (node.isObject()) {
      ObjectNode unknown = ((ObjectNode) node).deepCopy();
      unknown.put("zzUnknown", "x");
      out.add(replace(root, path, unknown, "unknown field zzUnknown in " + show(path)));
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        path.add(field.getKey());
        visit(root, field.getValue(), path, out);
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        visit(root, node.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
    if (path.isEmpty()) {
      return;
    }
    if (node.isContainer()) {
      out.add(replace(root, path, NODES.numberNode(7), show(path) + " as the number 7"));
    } else {
      ObjectNode mapping = NODES.objectNode().put("zz", 1);
      out.add(replace(root, path, mapping, show(path) + " as a mapping"));
      JsonNode other = node.isString() ? NODES.numberNode(7) : NODES.stringNode(node.asString());
      out.add(replace(root, path, other, show(path) + " as " + other.getNodeType()));
    }
  }

  private static Mutation replace(
      JsonNode root, List<Object> path, JsonNode value, String description) {
    if (path.isEmpty()) {
      return new Mutation(description, value);
    }
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy;
    for (Object step : path.subList(0, path.size() - 1)) {
      parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).set(i, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    return new Mutation(description, copy);
  }

  private static String show(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object step : path) {
      out.append(step instanceof Integer i ? "[" + i + "]" : (out.isEmpty() ? "" : ".") + step);
    }
    return out.isEmpty() ? "the document" : out.toString();
  }
}
