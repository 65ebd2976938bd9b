package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.SourceLocation;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML node at a known field path, with typed accessors that report a {@code wrong_type}
 * diagnostic and return empty when the node is not of the expected type. Types come from the YAML
 * tags snakeyaml resolved, so {@code "true"} (quoted) is a string and {@code true} a boolean.
 */
final class Value {

  /** Plain decimal only: YAML 1.1 reads {@code 0403} as octal and {@code 0x193} as hex. */
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");

  private final Node node;
  private final String path;
  private final SourceLocation keyLocation;
  private final Reporter reporter;

  Value(Node node, String path, SourceLocation keyLocation, Reporter reporter) {
    this.node = node;
    this.path = path;
    this.keyLocation = keyLocation;
    this.reporter = reporter;
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  Reporter reporter() {
    return reporter;
  }

  /** Where the value itself starts; type and value errors point here. */
  SourceLocation location() {
    return reporter.lines().at(node);
  }

  /** The key naming this value, or the value itself for list items and documents. */
  SourceLocation keyLocation() {
    return keyLocation;
  }

  Optional<String> asString() {
    if (node instanceof ScalarNode scalar && Tag.STR.equals(node.getTag())) {
      return Optional.of(scalar.getValue());
    }
    return wrongType("a string");
  }

  /** A string that is not empty or blank. */
  Optional<String> asNonBlankString() {
    Optional<String> text = asString();
    if (text.isPresent() && text.get().isBlank()) {
      reporter.invalid(location(), path, "must not be empty");
      return Optional.empty();
    }
    return text;
  }

  /** {@code text} if it follows {@code rule}; otherwise reports an invalid value at this node. */
  Optional<String> check(String text, Names.Rule rule) {
    if (!rule.test().test(text)) {
      reporter.invalid(location(), path, "invalid value '" + text + "'; " + rule.text());
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /** The constant spelled exactly like this string; case matters, as in Kubernetes enums. */
  <E> Optional<E> asOneOf(E[] constants, Function<E, String> spelling) {
    Optional<String> text = asString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E constant : constants) {
      if (spelling.apply(constant).equals(text.get())) {
        return Optional.of(constant);
      }
    }
    List<String> names = Arrays.stream(constants).map(spelling).toList();
    reporter.invalid(
        location(),
        path,
        "invalid value '" + text.get() + "'; expected one of: " + String.join(", ", names));
    return Optional.empty();
  }

  Optional<Boolean> asBool() {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(node.getTag())) {
      String text = scalar.getValue().toLowerCase(Locale.ROOT);
      return Optional.of(text.equals("true") || text.equals("yes") || text.equals("on"));
    }
    return wrongType("a boolean");
  }

  /** An integer written in decimal, clamped to the range of {@code long}. */
  Optional<Long> asLong() {
    if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
      return wrongType("an integer");
    }
    String text = scalar.getValue();
    if (!DECIMAL.matcher(text).matches()) {
      reporter.invalid(location(), path, "write the number in decimal, got '" + text + "'");
      return Optional.empty();
    }
    BigInteger value = new BigInteger(text.replace("_", "").replace("+", ""));
    BigInteger clamped =
        value.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE));
    return Optional.of(clamped.longValue());
  }

  /**
   * A non-negative duration in {@link Durations}' syntax: {@code 60s}, {@code 5m}, {@code 1h30m}.
   */
  Optional<Duration> asDuration() {
    Optional<String> text = asString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> duration = Durations.parse(text.get());
    if (duration.isEmpty()) {
      reporter.invalid(
          location(),
          path,
          "invalid duration '" + text.get() + "'; write it like 500ms, 60s, 5m or 1h30m");
    } else if (duration.get().isNegative()) {
      reporter.invalid(
          location(), path, "invalid duration '" + text.get() + "'; must not be negative");
      return Optional.empty();
    }
    return duration;
  }

  /**
   * The source text of a scalar for a CEL expression. Any non-null scalar is accepted, since {@code
   * when: true} is a valid CEL expression even though YAML reads it as a boolean.
   */
  Optional<ScalarNode> asExpressionScalar() {
    if (node instanceof ScalarNode scalar
        && (Tag.STR.equals(node.getTag())
            || Tag.BOOL.equals(node.getTag())
            || Tag.INT.equals(node.getTag())
            || Tag.FLOAT.equals(node.getTag()))) {
      if (scalar.getValue().isBlank()) {
        reporter.invalid(location(), path, "must not be empty");
        return Optional.empty();
      }
      return Optional.of(scalar);
    }
    return wrongType("a string (a CEL expression)");
  }

  Optional<MappingReader> asMapping() {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new MappingReader(mapping, path, keyLocation, reporter));
    }
    return wrongType("a mapping");
  }

  Optional<List<Value>> asList() {
    if (!(node instanceof SequenceNode sequence)) {
      return wrongType("a list");
    }
    List<Value> items = new ArrayList<>();
    List<Node> nodes = sequence.getValue();
    for (int i = 0; i < nodes.size(); i++) {
      Node item = nodes.get(i);
      items.add(new Value(item, path + "[" + i + "]", reporter.lines().at(item), reporter));
    }
    return Optional.of(items);
  }

  /** A list of strings; items of another type are reported and left out. */
  Optional<List<String>> asStringList() {
    return asList()
        .map(items -> items.stream().map(Value::asString).flatMap(Optional::stream).toList());
  }

  /** A mapping of strings to strings, in file order; bad entries are reported and left out. */
  Optional<Map<String, String>> asStringMap() {
    return asMapping()
        .map(
            mapping -> {
              Map<String, String> result = new LinkedHashMap<>();
              for (MappingReader.Entry entry : mapping.entries()) {
                entry.value().asString().ifPresent(text -> result.put(entry.key(), text));
              }
              return result;
            });
  }

  private <T> Optional<T> wrongType(String expected) {
    String actual = describe(node);
    // YAML's implicit typing is the usual cause: `version: 1` or `enabled: yes` wanted a string.
    boolean quotable =
        node instanceof ScalarNode && !Tag.NULL.equals(node.getTag()) && !actual.equals("a string");
    if (expected.equals("a string") && quotable) {
      actual += " (quote it to make it a string)";
    }
    reporter.wrongType(location(), path, expected, actual);
    return Optional.empty();
  }

  /** What a node is, as a user would say it: "a string", "a list", "null". */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (Tag.STR.equals(tag)) {
      return "a string";
    } else if (Tag.BOOL.equals(tag)) {
      return "a boolean";
    } else if (Tag.INT.equals(tag)) {
      return "an integer";
    } else if (Tag.FLOAT.equals(tag)) {
      return "a number";
    } else if (Tag.NULL.equals(tag)) {
      return "null";
    } else if (Tag.TIMESTAMP.equals(tag)) {
      return "a timestamp";
    } else if (Tag.BINARY.equals(tag)) {
      return "binary data";
    }
    return "a value tagged " + tag.getValue();
  }
}
