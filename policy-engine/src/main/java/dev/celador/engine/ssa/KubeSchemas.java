package dev.celador.engine.ssa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The merge-relevant schemas of Kubernetes' built-in kinds, generated from the OpenAPI v3 documents
 * of the pinned version (see {@code KubeSchemaGenerator} in this package's tests): struct fields,
 * maps, and lists with their {@code x-kubernetes-list-type} and map keys, and atomic markers.
 * Loaded once, on first use.
 */
public final class KubeSchemas {

  /** The generated resource; the version is the one pinned in conformance-tests/kube. */
  static final String RESOURCE = "/dev/celador/engine/ssa/kube-v1.36.3.json";

  private final Map<String, Object> gvks;
  private final Map<String, Object> types;

  private KubeSchemas(Map<String, Object> gvks, Map<String, Object> types) {
    this.gvks = gvks;
    this.types = types;
  }

  private static final class Holder {
    static final KubeSchemas INSTANCE = load();
  }

  public static KubeSchemas builtIn() {
    return Holder.INSTANCE;
  }

  /** The schema of {@code group/version/kind} ("" for the core group), if it is a built-in kind. */
  public Optional<SchemaNode> forKind(String group, String version, String kind) {
    Object type = gvks.get(group + "/" + version + "/" + kind);
    return type == null ? Optional.empty() : Optional.of(node(Map.of("ref", type)));
  }

  /** {@code node} with its type references resolved, as a {@link SchemaNode}. */
  @SuppressWarnings("unchecked")
  SchemaNode node(Map<String, Object> node) {
    Map<String, Object> n = node;
    for (int depth = 0; n.get("ref") != null && depth < 16; depth++) {
      Object target = types.get(String.valueOf(n.get("ref")));
      n = target == null ? Map.of("t", "untyped") : (Map<String, Object>) target;
    }
    return new SchemaNode(n, this);
  }

  @SuppressWarnings("unchecked")
  private static KubeSchemas load() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    try (InputStream in = KubeSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Map<String, Object> doc =
          (Map<String, Object>) new Yaml(new SafeConstructor(options)).load(in);
      return new KubeSchemas(
          (Map<String, Object>) doc.get("gvks"), (Map<String, Object>) doc.get("types"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
