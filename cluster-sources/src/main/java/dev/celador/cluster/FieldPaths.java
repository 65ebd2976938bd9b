package dev.celador.cluster;

import dev.celador.engine.internal.source.SourceLocation;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Names the field at a position of a document this module wrote ({@code
 * spec.validations[0].expression}), so a diagnostic about a custom resource can say which field of
 * the object is wrong: its line and column refer to text the user never saw.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /** The path of the innermost field whose value spans {@code location}, if any. */
  public static Optional<String> at(String yaml, SourceLocation location) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (YAMLException e) {
      return Optional.empty();
    }
    if (root == null) {
      return Optional.empty();
    }
    String path = find(root, "", location.line() - 1, location.column() - 1);
    return path.isEmpty() ? Optional.empty() : Optional.of(path);
  }

  private static String find(Node node, String path, int line, int column) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
        String child = path.isEmpty() ? key : path + "." + key;
        if (contains(tuple.getKeyNode(), line, column)) {
          return child;
        }
        if (contains(tuple.getValueNode(), line, column)) {
          return find(tuple.getValueNode(), child, line, column);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        if (contains(items.get(i), line, column)) {
          return find(items.get(i), path + "[" + i + "]", line, column);
        }
      }
    }
    return path;
  }

  /**
   * Whether 0-based {@code line:column} lies within the node's text, both ends included: CEL
   * reports an unexpected end of input just past the expression's last character.
   */
  private static boolean contains(Node node, int line, int column) {
    int startLine = node.getStartMark().getLine();
    int endLine = node.getEndMark().getLine();
    boolean afterStart =
        line > startLine || (line == startLine && column >= node.getStartMark().getColumn());
    boolean beforeEnd =
        line < endLine || (line == endLine && column <= node.getEndMark().getColumn());
    return afterStart && beforeEnd;
  }
}
