package dev.celador.conformance.vap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one corpus file shares: its namespaces (the first is where namespaced objects go unless they
 * say otherwise) and how its groups are isolated from every other group's objects: by an object
 * label (default) or, for objects that carry no labels such as Scale, by a namespace label.
 */
final class FileScope {

  private final String file;
  private final boolean byNamespace;
  private final String defaultNamespace;

  FileScope(String file, Map<String, Object> doc, Consumer<Corpus.Namespace> namespaces) {
    this.file = file;
    Object isolation = doc.getOrDefault("isolation", "object");
    if (!"object".equals(isolation) && !"namespace".equals(isolation)) {
      throw new CorpusException(file + ": isolation: expected object or namespace");
    }
    this.byNamespace = "namespace".equals(isolation);
    Map<String, Object> declared = Maps.map(doc.get("namespaces"), file + ": namespaces");
    if (declared.isEmpty()) {
      declared = Map.of("vap-" + file, Map.of());
    }
    String first = null;
    for (var e : declared.entrySet()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Maps.map(e.getValue(), file + ": namespaces." + e.getKey())
          .forEach((k, v) -> labels.put(k, String.valueOf(v)));
      if (byNamespace) {
        labels.put(Corpus.GROUP_LABEL, file);
      }
      namespaces.accept(new Corpus.Namespace(e.getKey(), labels));
      first = first == null ? e.getKey() : first;
    }
    this.defaultNamespace = first;
  }

  String file() {
    return file;
  }

  String defaultNamespace() {
    return defaultNamespace;
  }

  /** {@code object} in its namespace (the default when unset) with {@code group}'s label. */
  Map<String, Object> place(Map<String, Object> object, String group, String where) {
    Kinds.Kind kind = Kinds.of(object, where);
    Map<String, Object> metadata = Maps.child(object, "metadata");
    if (kind.namespaced() && metadata.get("namespace") == null) {
      metadata.put("namespace", defaultNamespace);
    }
    if (!"Scale".equals(kind.kind())) {
      Maps.child(metadata, "labels").put(Corpus.GROUP_LABEL, group);
    }
    return object;
  }

  /**
   * A binding named {@code name} for the file's policy {@code spec.policyName}, Deny unless it says
   * otherwise, that matches only {@code group}'s objects.
   */
  Map<String, Object> binding(String name, Map<String, Object> spec, String group) {
    Map<String, Object> s = Maps.copy(spec, name);
    s.put("policyName", file + "-" + Maps.string(s, "policyName", name + ".spec"));
    s.putIfAbsent("validationActions", List.of("Deny"));
    Map<String, Object> match = Maps.child(s, "matchResources");
    Map<String, Object> selector =
        Maps.child(
            match, byNamespace && group.equals(file) ? "namespaceSelector" : "objectSelector");
    List<Object> expressions =
        new ArrayList<>(Maps.list(selector.get("matchExpressions"), name + " selector"));
    Map<String, Object> requirement = new LinkedHashMap<>();
    requirement.put("key", Corpus.GROUP_LABEL);
    requirement.put("operator", "In");
    requirement.put("values", List.of(group));
    expressions.add(requirement);
    selector.put("matchExpressions", expressions);
    return Manifests.binding(name, s);
  }
}
