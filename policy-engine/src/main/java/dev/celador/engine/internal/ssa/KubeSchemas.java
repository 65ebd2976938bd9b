package dev.celador.engine.internal.ssa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The merge-relevant schemas of Kubernetes' built-in kinds, generated from the OpenAPI v3 documents
 * of the pinned version (see {@code KubeSchemaGenerator} in this package's tests): struct fields,
 * maps, and lists with their {@code x-kubernetes-list-type} and map keys, and atomic markers.
 * Loaded once, on first use. {@link #withCustomResources} adds the kinds of
 * CustomResourceDefinitions from their structural schemas ({@link CustomResourceSchemas}).
 */
public final class KubeSchemas {

  /** The generated resource; the version is the one pinned in conformance-tests/kube. */
  static final String RESOURCE = "/dev/celador/engine/internal/ssa/kube-v1.36.3.json";

  private final Map<String, Object> gvks;
  private final Map<String, Object> types;
  private final Map<String, String> plurals;

  private KubeSchemas(
      Map<String, Object> gvks, Map<String, Object> types, Map<String, String> plurals) {
    this.gvks = gvks;
    this.types = types;
    this.plurals = plurals;
  }

  private static final class Holder {
    static final KubeSchemas INSTANCE = load();
  }

  public static KubeSchemas builtIn() {
    return Holder.INSTANCE;
  }

  /**
   * These schemas and those of the custom resources {@code crds} defines (CustomResourceDefinition
   * objects as parsed YAML), which take the place of a built-in kind of the same name.
   *
   * @throws IllegalArgumentException naming what makes a definition unusable
   */
  public KubeSchemas withCustomResources(List<Map<String, Object>> crds) {
    if (crds.isEmpty()) {
      return this;
    }
    Map<String, Object> allGvks = new HashMap<>(gvks);
    Map<String, Object> allTypes = new HashMap<>(types);
    Map<String, String> allPlurals = new HashMap<>(plurals);
    for (Map<String, Object> crd : crds) {
      for (CustomResourceSchemas.Version v : CustomResourceSchemas.versions(crd)) {
        String type = "custom:" + v.gvk();
        allGvks.put(v.gvk(), type);
        allTypes.put(type, v.schema());
        allPlurals.put(v.gvk(), v.plural());
      }
    }
    return new KubeSchemas(allGvks, allTypes, allPlurals);
  }

  /** Every kind with a schema, as {@code group/version/Kind} ("" for the core group). */
  public List<String> kinds() {
    return gvks.keySet().stream().sorted().toList();
  }

  /** The resource (plural) of a custom kind, empty for a built-in one. */
  public Optional<String> customResource(String gvk) {
    return Optional.ofNullable(plurals.get(gvk));
  }

  /** The schema of {@code group/version/kind} ("" for the core group), if it has one. */
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
          (Map<String, Object>) doc.get("gvks"), (Map<String, Object>) doc.get("types"), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
