package dev.celador.cluster;

import dev.celador.engine.api.SourceFile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns a custom resource, as the API server returns it, back into the policy document a user would
 * have written in a file, so the engine's own parser and compiler judge it and diagnostics read the
 * same. Only what a policy file may hold is kept: apiVersion, kind, metadata name, namespace and
 * labels, and spec (server-set metadata and status mean nothing to the engine).
 */
public final class CustomResourceYaml {

  private static final Yaml YAML = new Yaml(new LiteralBlocks(options()), options());

  private CustomResourceYaml() {}

  /**
   * The source name diagnostics use for an object in place of a file path: {@code
   * group/version/Kind/namespace/name}, or {@code group/version/Kind/name} when cluster-scoped.
   */
  public static String sourceName(String apiVersion, String kind, String namespace, String name) {
    String scope = namespace == null || namespace.isEmpty() ? "" : namespace + "/";
    return apiVersion + "/" + kind + "/" + scope + name;
  }

  /** The source name of {@code object} (a custom resource as a JSON-like map). */
  public static String sourceName(Map<String, Object> object) {
    Map<String, Object> metadata = mapAt(object, "metadata");
    Object namespace = metadata.get("namespace");
    return sourceName(
        String.valueOf(object.get("apiVersion")),
        String.valueOf(object.get("kind")),
        namespace == null ? null : namespace.toString(),
        String.valueOf(metadata.get("name")));
  }

  /** The policy document of {@code object} (a custom resource as a JSON-like map). */
  public static SourceFile toSource(Map<String, Object> object) {
    Map<String, Object> metadata = mapAt(object, "metadata");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", object.get("apiVersion"));
    document.put("kind", object.get("kind"));
    Map<String, Object> kept = new LinkedHashMap<>();
    kept.put("name", metadata.get("name"));
    if (metadata.get("namespace") != null) {
      kept.put("namespace", metadata.get("namespace"));
    }
    if (metadata.get("labels") instanceof Map<?, ?> labels && !labels.isEmpty()) {
      kept.put("labels", labels);
    }
    document.put("metadata", kept);
    if (object.containsKey("spec")) {
      document.put("spec", object.get("spec"));
    }
    return new SourceFile(sourceName(object), YAML.dump(document));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapAt(Map<String, Object> object, String key) {
    return object.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static DumperOptions options() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    // Long CEL lines stay on one line, so the engine's column numbers match the text.
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    return options;
  }

  /**
   * Writes multi-line strings (most CEL) as literal blocks, whose lines are the expression's lines,
   * so the engine can point at the exact line and column of a CEL error.
   */
  private static final class LiteralBlocks extends Representer {
    LiteralBlocks(DumperOptions options) {
      super(options);
    }

    @Override
    protected Node representScalar(Tag tag, String value, DumperOptions.ScalarStyle style) {
      boolean multiLine = Tag.STR.equals(tag) && value.indexOf('\n') >= 0;
      return super.representScalar(
          tag, value, multiLine ? DumperOptions.ScalarStyle.LITERAL : style);
    }
  }
}
