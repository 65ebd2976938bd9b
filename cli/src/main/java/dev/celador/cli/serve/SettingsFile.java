package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The settings in a {@code --config} file, {@code .yaml}/{@code .yml} (nested or dotted keys) or
 * {@code .properties}, each with the line it is on so an error can point at it.
 */
final class SettingsFile {

  /** One setting as written; {@code line} counts from 1. */
  record Entry(String name, String value, int line) {}

  /** A settings file is a few KiB; anything near this is not one. */
  static final int MAX_BYTES = 1024 * 1024;

  private SettingsFile() {}

  static List<Entry> read(Path file) {
    String text;
    try {
      text = TextFiles.read(file, file.toString(), MAX_BYTES).text();
    } catch (TextFileException e) {
      throw new UserException("config file " + e.getMessage());
    }
    try {
      String name = file.getFileName().toString();
      return name.endsWith(".yaml") || name.endsWith(".yml") ? yaml(text) : properties(text);
    } catch (RuntimeException | IOException e) {
      throw new UserException("config file " + file + " is not valid: " + e.getMessage());
    }
  }

  private static List<Entry> yaml(String text) {
    List<Entry> out = new ArrayList<>();
    try (Reader reader = new StringReader(text)) {
      Node root = new Yaml(new LoaderOptions()).compose(reader);
      if (root != null) {
        flatten("", root, root.getStartMark().getLine() + 1, out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // a StringReader does not fail
    }
    return out;
  }

  private static void flatten(String prefix, Node node, int line, List<Entry> out) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new IllegalArgumentException(
              "line " + (tuple.getKeyNode().getStartMark().getLine() + 1) + ": keys are names");
        }
        String name = prefix.isEmpty() ? key.getValue() : prefix + "." + key.getValue();
        flatten(name, tuple.getValueNode(), key.getStartMark().getLine() + 1, out);
      }
    } else if (node instanceof SequenceNode sequence) {
      // Settings that take several values take them comma-separated.
      out.add(
          new Entry(
              prefix,
              sequence.getValue().stream()
                  .map(SettingsFile::scalar)
                  .collect(Collectors.joining(",")),
              line));
    } else if (!Tag.NULL.equals(node.getTag())) {
      out.add(new Entry(prefix, scalar(node), line));
    }
  }

  private static String scalar(Node node) {
    if (!(node instanceof ScalarNode scalar)) {
      throw new IllegalArgumentException(
          "line " + (node.getStartMark().getLine() + 1) + ": expected a plain value");
    }
    if (Tag.BOOL.equals(scalar.getTag())) {
      // YAML 1.1 spells booleans yes/on/true and no/off/false; settings take true and false.
      String v = scalar.getValue().toLowerCase(Locale.ROOT);
      return String.valueOf(v.equals("true") || v.equals("yes") || v.equals("on"));
    }
    return scalar.getValue();
  }

  private static List<Entry> properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    String[] lines = text.split("\r\n|\r|\n", -1);
    List<Entry> out = new ArrayList<>();
    for (String name : p.stringPropertyNames()) {
      out.add(new Entry(name, p.getProperty(name), lineOf(name, lines)));
    }
    out.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return out;
  }

  /**
   * The last line that starts with the key (the one Properties keeps); 0 if escaped beyond
   * recognition.
   */
  private static int lineOf(String name, String[] lines) {
    int found = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripLeading();
      if (line.startsWith(name)
          && (line.length() == name.length() || " \t=:".indexOf(line.charAt(name.length())) >= 0)) {
        found = i + 1;
      }
    }
    return found;
  }
}
