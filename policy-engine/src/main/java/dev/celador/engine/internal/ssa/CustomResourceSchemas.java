package dev.celador.engine.internal.ssa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merge-relevant schema of each version of a CustomResourceDefinition ({@code
 * apiextensions.k8s.io/v1}), derived from its structural {@code openAPIV3Schema} as kube-apiserver
 * derives the type converter its MutatingAdmissionPolicy plugin applies custom resources with (the
 * published OpenAPI v3 of the group version, converted by kube-openapi's schemaconv): {@code
 * x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys} (lists are atomic unless they
 * say), {@code x-kubernetes-map-type}, {@code x-kubernetes-preserve-unknown-fields} (for the node
 * and everything below it: undeclared fields are kept, untyped), {@code
 * x-kubernetes-int-or-string}, {@code x-kubernetes-embedded-resource} (apiVersion, kind and
 * ObjectMeta added) and, at the root, apiVersion, kind and {@code metadata} as ObjectMeta.
 */
final class CustomResourceSchemas {

  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  /** One version of a custom resource: {@code group/version/Kind}, its plural and schema node. */
  record Version(String gvk, String plural, Map<String, Object> schema) {}

  private CustomResourceSchemas() {}

  /**
   * Every version of {@code crd} that has a schema.
   *
   * @throws IllegalArgumentException when the definition lacks its group, kind or plural
   */
  static List<Version> versions(Map<String, Object> crd) {
    Map<String, Object> spec = map(crd.get("spec"));
    Map<String, Object> names = map(spec.get("names"));
    String group = text(spec.get("group"));
    String kind = text(names.get("kind"));
    String plural = text(names.get("plural"));
    if (group.isEmpty() || kind.isEmpty() || plural.isEmpty()) {
      throw new IllegalArgumentException(
          "a CustomResourceDefinition needs spec.group, spec.names.kind and spec.names.plural");
    }
    List<Version> out = new ArrayList<>();
    for (Object item : list(spec.get("versions"))) {
      Map<String, Object> version = map(item);
      Object schema = map(version.get("schema")).get("openAPIV3Schema");
      if (schema instanceof Map<?, ?> && !text(version.get("name")).isEmpty()) {
        out.add(
            new Version(
                group + "/" + text(version.get("name")) + "/" + kind, plural, root(map(schema))));
      }
    }
    return out;
  }

  /** The root of a custom resource: its schema with apiVersion, kind and ObjectMeta metadata. */
  static Map<String, Object> root(Map<String, Object> schema) {
    Map<String, Object> node = node(schema, false);
    if (!"struct".equals(node.get("t"))) {
      node = new TreeMap<>(Map.of("t", "struct", "f", new TreeMap<>(), "open", true));
    }
    withEnvelope(node);
    return node;
  }

  /** The schema node of {@code s}; {@code preserve}: an ancestor keeps unknown fields. */
  static Map<String, Object> node(Map<String, Object> s, boolean preserve) {
    boolean keep = preserve || Boolean.TRUE.equals(s.get("x-kubernetes-preserve-unknown-fields"));
    Map<String, Object> n = new TreeMap<>();
    Object type = s.get("type");
    if (Boolean.TRUE.equals(s.get("x-kubernetes-int-or-string"))) {
      n.put("t", "scalar");
    } else if ("array".equals(type)) {
      n.put("t", "list");
      n.put("v", s.get("items") instanceof Map<?, ?> items ? node(map(items), keep) : untyped());
      n.put("lt", s.getOrDefault("x-kubernetes-list-type", "atomic"));
      if (s.get("x-kubernetes-list-map-keys") instanceof List<?> keys) {
        n.put("k", new ArrayList<>(keys));
      }
    } else if ("object".equals(type) || type == null) {
      object(s, keep, n);
    } else {
      n.put("t", "scalar");
      String scalar = scalar(String.valueOf(type), text(s.get("format")));
      if (scalar != null) {
        n.put("s", scalar);
      }
    }
    return n;
  }

  private static void object(Map<String, Object> s, boolean keep, Map<String, Object> n) {
    boolean embedded = Boolean.TRUE.equals(s.get("x-kubernetes-embedded-resource"));
    Map<String, Object> properties = map(s.get("properties"));
    if (!properties.isEmpty() || embedded) {
      n.put("t", "struct");
      Map<String, Object> fields = new TreeMap<>();
      properties.forEach((k, v) -> fields.put(k, withDefault(node(map(v), keep), map(v))));
      n.put("f", fields);
      if (keep || Boolean.TRUE.equals(s.get("additionalProperties"))) {
        n.put("open", true);
      }
      if (embedded) {
        withEnvelope(n);
      }
    } else if (s.get("additionalProperties") instanceof Map<?, ?> values) {
      n.put("t", "map");
      n.put("v", node(map(values), keep));
    } else {
      n.put("t", "untyped");
      return;
    }
    if ("atomic".equals(s.get("x-kubernetes-map-type"))) {
      n.put("atomic", true);
    }
  }

  /**
   * A struct field's node {@code n} with the scalar {@code default} of its schema {@code s} ("d"):
   * structured-merge-diff fills an absent key of a map list item with it ({@code protocol: TCP} of
   * a container port).
   */
  static Map<String, Object> withDefault(Map<String, Object> n, Map<String, Object> s) {
    Object def = s.get("default");
    if (def != null && !(def instanceof Map<?, ?>) && !(def instanceof List<?>)) {
      n.put("d", def);
    }
    return n;
  }

  /** apiVersion and kind (strings) and metadata (ObjectMeta), as on every Kubernetes object. */
  @SuppressWarnings("unchecked")
  private static void withEnvelope(Map<String, Object> struct) {
    Map<String, Object> fields = (Map<String, Object>) struct.get("f");
    fields.put("apiVersion", Map.of("t", "scalar", "s", "string"));
    fields.put("kind", Map.of("t", "scalar", "s", "string"));
    fields.put("metadata", Map.of("ref", OBJECT_META));
  }

  /** What structured-merge-diff checks a scalar's values against; null: any scalar. */
  static String scalar(String type, String format) {
    return switch (type) {
      case "integer", "number" -> "numeric";
      case "boolean" -> "boolean";
      case "string" -> format.isEmpty() || format.equals("byte") ? "string" : null;
      default -> null;
    };
  }

  private static Map<String, Object> untyped() {
    return new LinkedHashMap<>(Map.of("t", "untyped"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String text(Object o) {
    return o instanceof String s ? s : "";
  }
}
