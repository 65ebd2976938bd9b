package dev.celador.engine.internal.ssa;

import dev.celador.engine.internal.json.JsonText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Generates {@link KubeSchemas#RESOURCE} from the OpenAPI v3 documents of the pinned Kubernetes
 * version ({@code api/openapi-spec/v3} of the {@code k8s.io/kubernetes} Go module, as the Go module
 * proxy serves it): for every built-in kind, the merge-relevant shape of its schema (structs and
 * their fields, maps, lists with {@code x-kubernetes-list-type} and map keys, atomic markers, the
 * value types of scalars). Nothing is written by hand per type.
 *
 * <p>Run: {@code ./mvnw -pl policy-engine test -Dtest=KubeSchemasTest
 * -Dkube.schemas.regenerate=true}
 */
final class KubeSchemaGenerator {

  private KubeSchemaGenerator() {}

  /** The generated resource's text for the spec documents in {@code specDir}. */
  static String generate(Path specDir) throws IOException {
    Map<String, Object> gvks = new TreeMap<>();
    Map<String, Object> types = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(specDir)) {
      files = list.filter(p -> p.toString().endsWith("_openapi.json")).sorted().toList();
    }
    for (Path file : files) {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(64 * 1024 * 1024);
      Map<String, Object> doc =
          cast(new Yaml(new SafeConstructor(options)).load(Files.readString(file)));
      Map<String, Object> schemas = cast(cast(doc.get("components")).get("schemas"));
      if (schemas == null) {
        continue;
      }
      for (Map.Entry<String, Object> e : schemas.entrySet()) {
        Map<String, Object> schema = cast(e.getValue());
        types.putIfAbsent(e.getKey(), node(schema));
        Object kinds = schema.get("x-kubernetes-group-version-kind");
        if (kinds instanceof List<?> list && list.size() == 1 && isTopLevel(e.getKey())) {
          Map<String, Object> gvk = cast(list.get(0));
          gvks.put(gvk.get("group") + "/" + gvk.get("version") + "/" + gvk.get("kind"), e.getKey());
        }
      }
    }
    Map<String, Object> out = new TreeMap<>();
    out.put("gvks", gvks);
    out.put("types", types);
    return JsonText.write(JsonText.Style.PLAIN, out) + "\n";
  }

  /** Types of one group and version, not the shared meta types that carry every GVK. */
  private static boolean isTopLevel(String name) {
    return !name.startsWith("io.k8s.apimachinery.pkg.apis.meta.v1.");
  }

  private static Map<String, Object> node(Map<String, Object> s) {
    Map<String, Object> n = new TreeMap<>();
    String ref = ref(s);
    if (ref != null) {
      n.put("ref", ref);
      return n;
    }
    Object type = s.get("type");
    boolean atomic = "atomic".equals(s.get("x-kubernetes-map-type"));
    if (Boolean.TRUE.equals(s.get("x-kubernetes-preserve-unknown-fields"))) {
      n.put("t", "untyped");
    } else if ("array".equals(type)) {
      n.put("t", "list");
      n.put("v", s.get("items") == null ? Map.of("t", "untyped") : node(cast(s.get("items"))));
      n.put("lt", s.getOrDefault("x-kubernetes-list-type", "atomic"));
      if (s.get("x-kubernetes-list-map-keys") != null) {
        n.put("k", new ArrayList<>((List<?>) s.get("x-kubernetes-list-map-keys")));
      }
    } else if ("object".equals(type) && s.get("properties") != null) {
      n.put("t", "struct");
      Map<String, Object> fields = new TreeMap<>();
      cast(s.get("properties"))
          .forEach(
              (k, v) -> fields.put(k, CustomResourceSchemas.withDefault(node(cast(v)), cast(v))));
      n.put("f", fields);
      if (atomic) {
        n.put("atomic", true);
      }
    } else if ("object".equals(type) && s.get("additionalProperties") instanceof Map<?, ?> values) {
      n.put("t", "map");
      n.put("v", node(cast(values)));
      if (atomic) {
        n.put("atomic", true);
      }
    } else if (type == null || "object".equals(type)) {
      n.put("t", "untyped");
    } else {
      n.put("t", "scalar");
      String scalar =
          CustomResourceSchemas.scalar(
              String.valueOf(type), s.get("format") instanceof String f ? f : "");
      if (scalar != null) {
        n.put("s", scalar);
      }
    }
    return n;
  }

  /** The type a schema only refers to ({@code $ref}, or {@code allOf} of one {@code $ref}). */
  private static String ref(Map<String, Object> s) {
    Object ref = s.get("$ref");
    if (ref == null && s.get("allOf") instanceof List<?> all && all.size() == 1) {
      ref = cast(all.get(0)).get("$ref");
    }
    return ref == null ? null : ref.toString().substring(ref.toString().lastIndexOf('/') + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
