package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.source.TextFileException;
import dev.celador.engine.internal.source.TextFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads Kubernetes objects from YAML or JSON files as the API server would hold them (plain maps,
 * lists and scalars): many documents per file, {@code kind: List} flattened, directories walked for
 * {@code *.yaml}, {@code *.yml} and {@code *.json}. Timestamps stay strings, as in JSON.
 */
public final class ObjectFiles {

  /** An object and the place it was read from ({@code file:line}). */
  public record Located(Map<String, Object> object, String where) {}

  private static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

  private ObjectFiles() {}

  /** Every object in {@code paths}, in path order then file order then document order. */
  public static List<Located> read(List<Path> paths) {
    List<Located> out = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path)) {
        out.addAll(readFile(file));
      }
    }
    return out;
  }

  /** Parses {@code text} (one file's content) named {@code name} in messages. */
  public static List<Located> parse(String name, String text) {
    List<Located> out = new ArrayList<>();
    stream(name, new StringReader(text), out::add);
    return out;
  }

  /**
   * Calls {@code sink} with every object of {@code path} (a file, or a directory walked as {@link
   * #read} does), one document at a time: only the document being read is held in memory.
   */
  public static void stream(Path path, Consumer<Located> sink) {
    for (Path file : files(path)) {
      String name = file.toString();
      try (Reader reader = utf8(Files.newInputStream(file))) {
        stream(name, reader, sink);
      } catch (IOException e) {
        throw new ObjectFileException(name + ": cannot read: " + e.getMessage());
      }
    }
  }

  /**
   * Calls {@code sink} with every object of {@code reader} (YAML or JSON, many documents, {@code
   * kind: List} flattened) named {@code name} in messages, parsing the next document only after
   * {@code sink} returned: a stream of any length is read in the memory of its largest document (at
   * most {@value #MAX_FILE_BYTES} characters).
   *
   * @throws ObjectFileException naming {@code name:line} at the first document that is not YAML or
   *     not a Kubernetes object
   */
  public static void stream(String name, Reader reader, Consumer<Located> sink) {
    try {
      Yaml yaml = yaml();
      Constructor constructor = new Constructor(options());
      for (Node node : yaml.composeAll(reader)) {
        String where = name + ":" + (node.getStartMark().getLine() + 1);
        if (Tag.NULL.equals(node.getTag())) {
          continue;
        }
        Object value = constructor.construct(node);
        if (!(value instanceof Map<?, ?> map)) {
          throw new ObjectFileException(where + ": expected a Kubernetes object (a mapping)");
        }
        add(cast(map), where, sink);
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ObjectFileException(name + ":" + line + ": invalid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      String why =
          e.getCause() instanceof CharacterCodingException
              ? " not UTF-8 text: a bad byte"
              : "1: invalid YAML: " + e.getMessage();
      throw new ObjectFileException(name + ":" + why);
    }
  }

  /** {@code in} as strict UTF-8 text: a byte that is not UTF-8 is an error, never replaced. */
  public static Reader utf8(InputStream in) {
    return new BufferedReader(
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
  }

  private static void add(Map<String, Object> object, String where, Consumer<Located> out) {
    if ("List".equals(object.get("kind")) && object.get("items") instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof Map<?, ?> item)) {
          throw new ObjectFileException(where + ": items[" + i + "]: expected an object");
        }
        add(cast(item), where, out);
      }
      return;
    }
    if (!(object.get("kind") instanceof String) || !(object.get("apiVersion") instanceof String)) {
      throw new ObjectFileException(where + ": apiVersion and kind are required");
    }
    out.accept(new Located(object, where));
  }

  private static List<Located> readFile(Path file) {
    String name = file.toString();
    try {
      return parse(name, TextFiles.read(file, name, MAX_FILE_BYTES).text());
    } catch (TextFileException e) {
      throw new ObjectFileException(e.getMessage());
    }
  }

  private static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new ObjectFileException(path + ": no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ObjectFileException(path + ": cannot read: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(200);
    options.setCodePointLimit(MAX_FILE_BYTES);
    return options;
  }

  private static Yaml yaml() {
    LoaderOptions options = options();
    return new Yaml(
        new Constructor(options),
        new org.yaml.snakeyaml.representer.Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(),
        options,
        new NoTimestamps());
  }

  /** Leaves timestamps as strings: objects travel as JSON, where they are strings. */
  private static final class NoTimestamps extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag tag = super.resolve(kind, value, implicit);
      return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
    }
  }

  /** Exposes document construction from an already composed node. */
  private static final class Constructor extends SafeConstructor {
    Constructor(LoaderOptions options) {
      super(options);
    }

    Object construct(Node node) {
      return constructDocument(node);
    }
  }
}
