package dev.celador.engine.internal.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Any text as YAML: for every scalar snakeyaml reads whose value is not blank (a blank expression
 * is refused before positions matter; an empty block's indentation depends on its parent's, which
 * the node does not record), {@link ScalarPositions} rebuilds the same value from the file (so its
 * positions are exact) unless the text has a line break other than LF (CR, NEL, LS, PS, which
 * {@link SourceLines} and snakeyaml count differently) or a byte order mark; and it never throws.
 *
 * <p>Seeds: {@code ScalarPositionsFuzzTestInputs/read_anyYaml_rebuildsEveryScalar/}.
 */
class ScalarPositionsFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void read_anyYaml_rebuildsEveryScalar(String text) {
    if (text == null) {
      return;
    }
    SourceLines lines = new SourceLines("f.yaml", text);
    boolean plainLineBreaks =
        text.chars().noneMatch(c -> "\r\u0085\u2028\u2029\ufeff".indexOf(c) >= 0);
    Iterable<Node> documents;
    try {
      documents = new Yaml(YamlLimits.loaderOptions()).composeAll(new StringReader(text));
      for (Node root : documents) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < 10_000) {
          Node node = todo.pop();
          if (node instanceof ScalarNode scalar) {
            boolean exact = ScalarPositions.exact(lines, scalar).isPresent();
            ScalarPositions.of(lines, scalar);
            if (!exact && plainLineBreaks && !scalar.getValue().isBlank()) {
              throw new AssertionError(
                  "no exact positions for "
                      + scalar.getScalarStyle()
                      + " scalar "
                      + escaped(scalar.getValue())
                      + " at "
                      + scalar.getStartMark().getLine()
                      + ":"
                      + scalar.getStartMark().getColumn()
                      + " in "
                      + escaped(text));
            }
          } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
              todo.push(tuple.getKeyNode());
              todo.push(tuple.getValueNode());
            }
          } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(todo::push);
          }
        }
      }
    } catch (YAMLException | IllegalArgumentException | StackOverflowError e) {
      // Not YAML, or hostile: PolicyParser reports it; nothing to place. snakeyaml throws
      // IllegalArgumentException for some malformed tags.
    }
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .limit(400)
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
              } else {
                out.append(String.format("\\u{%x}", c));
              }
            });
    return out.append('"').toString();
  }
}
