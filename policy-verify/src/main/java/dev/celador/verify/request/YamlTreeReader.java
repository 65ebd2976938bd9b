package dev.celador.verify.request;

import dev.celador.verify.request.InputNode.Kind;
import dev.celador.verify.request.InputNode.Member;
import dev.celador.verify.request.InputNode.Position;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML text into an {@link InputNode} tree with the position of every value. Uses snakeyaml's
 * node API only (no object construction), so no tags are ever turned into classes.
 */
public final class YamlTreeReader {

  private static final int MAX_DEPTH = 200;
  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");

  private final String file;
  private final String what;

  /** A reader for a request file named {@code file}. */
  public YamlTreeReader(String file) {
    this(file, "a request file");
  }

  /**
   * @param what what the file is, for messages: "a request file", "a test suite"
   */
  public YamlTreeReader(String file, String what) {
    this.file = file;
    this.what = what;
  }

  public InputNode read(String text) {
    List<Node> documents = new ArrayList<>();
    try {
      for (Node node : new Yaml(loaderOptions()).composeAll(new StringReader(text))) {
        documents.add(node);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw RequestFileException.at(file, position(mark), "invalid YAML: " + problem);
    } catch (YAMLException e) {
      throw new RequestFileException(file + ": invalid YAML: " + e.getMessage(), e);
    }
    if (documents.isEmpty()) {
      throw new RequestFileException(file + ": the file is empty");
    }
    if (documents.size() > 1) {
      throw RequestFileException.at(
          file,
          position(documents.get(1).getStartMark()),
          what + " holds one YAML document, found " + documents.size());
    }
    return convert(documents.get(0), 0);
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(MAX_DEPTH);
    return options;
  }

  private InputNode convert(Node node, int depth) {
    Position at = position(node.getStartMark());
    if (depth > MAX_DEPTH) {
      throw RequestFileException.at(file, at, "nested deeper than " + MAX_DEPTH + " levels");
    }
    if (node instanceof MappingNode mapping) {
      Map<String, Member> members = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw RequestFileException.at(
              file, position(tuple.getKeyNode().getStartMark()), "keys must be plain strings");
        }
        Position keyAt = position(key.getStartMark());
        if (members.containsKey(key.getValue())) {
          throw RequestFileException.at(
              file, keyAt, "duplicate key '" + key.getValue() + "' in the same mapping");
        }
        members.put(
            key.getValue(),
            new Member(key.getValue(), keyAt, convert(tuple.getValueNode(), depth + 1)));
      }
      return InputNode.object(members, at);
    }
    if (node instanceof SequenceNode sequence) {
      List<InputNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, depth + 1));
      }
      return InputNode.array(items, at);
    }
    return scalar((ScalarNode) node, at);
  }

  /** Resolves a scalar the way YAML's core schema does; unparsable numbers stay strings. */
  private static InputNode scalar(ScalarNode node, Position at) {
    String text = node.getValue();
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return InputNode.scalar(Kind.NULL, null, text, at);
    }
    if (Tag.BOOL.equals(tag)) {
      boolean value = TRUE_WORDS.contains(text.toLowerCase(Locale.ROOT));
      return InputNode.scalar(Kind.BOOLEAN, value, text, at);
    }
    if (Tag.INT.equals(tag)) {
      Object value = integer(text);
      if (value != null) {
        return InputNode.scalar(Kind.NUMBER, value, text, at);
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      Double value = decimal(text);
      if (value != null) {
        return InputNode.scalar(Kind.NUMBER, value, text, at);
      }
    }
    return InputNode.scalar(Kind.STRING, text, text, at);
  }

  private static Object integer(String text) {
    try {
      BigInteger value = new BigInteger(text.replace("_", ""));
      return value.bitLength() < 64 ? (Object) value.longValue() : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double decimal(String text) {
    String lower = text.replace("_", "").toLowerCase(Locale.ROOT);
    return switch (lower) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(lower);
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }

  private static Position position(Mark mark) {
    if (mark == null) {
      return new Position(1, 1);
    }
    return new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }
}
