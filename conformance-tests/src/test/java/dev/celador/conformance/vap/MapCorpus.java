package dev.celador.conformance.vap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The MutatingAdmissionPolicy differential corpus ({@code map/*.yaml}, format in {@code
 * map/README.md}): every case is its own group, one MutatingAdmissionPolicy (or several, {@code
 * policies}) with a binding each isolated to the group's label, and one object created with it in
 * {@link #NAMESPACE}.
 */
record MapCorpus(List<Map<String, Object>> objects, List<MapCase> cases) {

  static final String NAMESPACE = "map-corpus";

  /**
   * One case: the policies and bindings installed for it (in creation order) and the object
   * submitted (dry run); {@code existing} is the object an UPDATE changes, or null.
   */
  record MapCase(
      String id,
      String group,
      String operation,
      List<Map<String, Object>> manifests,
      Map<String, Object> object,
      Map<String, Object> existing) {

    /** The dry-run submission the API server is sent, as the VAP corpus submits its cases. */
    Corpus.VapCase submission() {
      return new Corpus.VapCase(
          id, group(), group(), operation, object, Kinds.of(object, id), null, null, List.of());
    }
  }

  private static final Set<String> FILE_KEYS = Set.of("objects", "cases");

  /** The fields of one policy: a case's own, or each item of its {@code policies}. */
  private static final Set<String> POLICY_KEYS =
      Set.of(
          "mutations",
          "failurePolicy",
          "reinvocationPolicy",
          "matchConditions",
          "variables",
          "paramKind",
          "paramRef",
          "matchConstraints",
          "patchType");

  private static final Set<String> OBJECT_KEYS =
      Set.of(
          "id",
          "policies",
          "data",
          "labels",
          "annotations",
          "finalizers",
          "object",
          "operation",
          "oldData");

  private static final Set<String> CASE_KEYS = union(POLICY_KEYS, OBJECT_KEYS);

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  static Path dir() {
    try {
      return Path.of(MapCorpus.class.getResource("/map").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static MapCorpus read(Path dir) {
    List<Map<String, Object>> objects = new ArrayList<>();
    List<MapCase> cases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(p -> p.getFileName().toString().endsWith(".yaml"))
              .filter(p -> !p.getFileName().toString().equals("exclusions.yaml"))
              .sorted()
              .toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Map<String, Object> doc = CorpusReader.yaml(file);
        Maps.checkKeys(doc, FILE_KEYS, name);
        for (Object o : Maps.list(doc.get("objects"), name + ": objects")) {
          Map<String, Object> object = Maps.copy(o, name + ": objects[]");
          Corpus.metadata(object).putIfAbsent("namespace", NAMESPACE);
          objects.add(object);
        }
        for (Object o : Maps.list(doc.get("cases"), name + ": cases")) {
          MapCase c = mapCase(name, Maps.copy(o, name + ": cases[]"));
          if (!ids.add(c.id())) {
            throw new CorpusException(c.id() + ": duplicate case id");
          }
          cases.add(c);
          if (c.existing() != null) {
            objects.add(c.existing());
          }
        }
      }
    } catch (IOException e) {
      throw new CorpusException(dir + ": cannot read: " + e.getMessage());
    }
    return new MapCorpus(List.copyOf(objects), List.copyOf(cases));
  }

  private static MapCase mapCase(String file, Map<String, Object> c) {
    String where = file + ": cases[" + c.get("id") + "]";
    Maps.checkKeys(c, CASE_KEYS, where);
    String id = Maps.string(c, "id", where);
    String group = file + "-" + id;
    if (group.length() > 63) {
      throw new CorpusException(where + ": '" + group + "' is too long for a label value");
    }
    return caseOf(file + "/" + id, group, c, where);
  }

  /** The case {@code c} as group {@code group}: its policy, binding and object. */
  static MapCase caseOf(String group, Map<String, Object> c) {
    return caseOf(group, group, c, group);
  }

  private static MapCase caseOf(String id, String group, Map<String, Object> c, String where) {
    Map<String, Object> object = object(c, group, where);
    List<Map<String, Object>> manifests = new ArrayList<>();
    if (c.get("policies") == null) {
      manifests.addAll(policyAndBinding(group, group, c, object, where));
    } else {
      // Several policies on one object, named <group>-1, <group>-2, ... in the list's order.
      List<Object> policies = Maps.list(c.get("policies"), where + ".policies");
      for (String key : POLICY_KEYS) {
        if (c.containsKey(key)) {
          throw new CorpusException(where + "." + key + ": give it in each of policies[]");
        }
      }
      for (int i = 0; i < policies.size(); i++) {
        String at = where + ".policies[" + i + "]";
        Map<String, Object> policy = Maps.copy(policies.get(i), at);
        Maps.checkKeys(policy, POLICY_KEYS, at);
        manifests.addAll(policyAndBinding(group + "-" + (i + 1), group, policy, object, at));
      }
    }
    String operation = String.valueOf(c.getOrDefault("operation", "CREATE"));
    Map<String, Object> existing = null;
    if (operation.equals("UPDATE")) {
      // Created before any policy exists; the case is then a merge patch of it.
      existing = Maps.cast(Maps.deepCopy(object));
      existing.remove("data");
      if (c.get("oldData") != null) {
        existing.put("data", Maps.copy(c.get("oldData"), where + ".oldData"));
      }
    } else if (!operation.equals("CREATE")) {
      throw new CorpusException(where + ".operation: CREATE or UPDATE");
    }
    return new MapCase(id, group, operation, manifests, object, existing);
  }

  /**
   * The policy {@code name} for case fields {@code c} and its binding, isolated to {@code group}.
   */
  private static List<Map<String, Object>> policyAndBinding(
      String name, String group, Map<String, Object> c, Map<String, Object> object, String where) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("failurePolicy", c.getOrDefault("failurePolicy", "Fail"));
    spec.put("reinvocationPolicy", c.getOrDefault("reinvocationPolicy", "Never"));
    Object paramKind =
        c.get("paramKind") != null
            ? c.get("paramKind")
            : c.get("paramRef") != null
                ? Map.of("apiVersion", "v1", "kind", "ServiceAccount")
                : null;
    if (paramKind != null) {
      spec.put("paramKind", paramKind);
    }
    spec.put("matchConstraints", c.getOrDefault("matchConstraints", rulesFor(object)));
    for (String field : List.of("matchConditions", "variables")) {
      if (c.get(field) != null) {
        spec.put(field, c.get(field));
      }
    }
    String patchType = String.valueOf(c.getOrDefault("patchType", "JSONPatch"));
    String field = patchType.equals("JSONPatch") ? "jsonPatch" : "applyConfiguration";
    List<Object> mutations = new ArrayList<>();
    for (Object expression : Maps.list(c.get("mutations"), where + ".mutations")) {
      mutations.add(
          Map.of("patchType", patchType, field, Map.of("expression", String.valueOf(expression))));
    }
    spec.put("mutations", mutations);
    Map<String, Object> bindingSpec = new LinkedHashMap<>();
    bindingSpec.put("policyName", name);
    if (c.get("paramRef") != null) {
      bindingSpec.put("paramRef", c.get("paramRef"));
    }
    bindingSpec.put(
        "matchResources",
        Map.of(
            "objectSelector",
            Map.of(
                "matchExpressions",
                List.of(
                    Map.of(
                        "key", Corpus.GROUP_LABEL, "operator", "In", "values", List.of(group))))));
    return List.of(
        Manifests.object("MutatingAdmissionPolicy", name, spec),
        Manifests.object("MutatingAdmissionPolicyBinding", name, bindingSpec));
  }

  /** Rules matching CREATE and UPDATE of the object's resource, in its group and version. */
  private static Map<String, Object> rulesFor(Map<String, Object> object) {
    Kinds.Kind kind = Kinds.of(object, "object");
    int slash = kind.apiVersion().indexOf('/');
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(slash < 0 ? "" : kind.apiVersion().substring(0, slash)));
    rule.put("apiVersions", List.of(kind.apiVersion().substring(slash + 1)));
    rule.put("operations", List.of("CREATE", "UPDATE"));
    rule.put("resources", List.of(kind.resource()));
    return Map.of("resourceRules", List.of(rule));
  }

  private static Map<String, Object> object(Map<String, Object> c, String group, String where) {
    Map<String, Object> object;
    if (c.get("object") != null) {
      object = Maps.copy(c.get("object"), where + ".object");
    } else {
      object = new LinkedHashMap<>();
      object.put("apiVersion", "v1");
      object.put("kind", "ConfigMap");
      object.put("metadata", new LinkedHashMap<>(Map.of("name", "cm")));
      if (c.get("data") != null) {
        object.put("data", Maps.copy(c.get("data"), where + ".data"));
      }
    }
    Map<String, Object> metadata = Corpus.metadata(object);
    metadata.put("name", group);
    metadata.put("namespace", NAMESPACE);
    Map<String, Object> labels = new LinkedHashMap<>();
    if (c.get("labels") != null) {
      labels.putAll(Maps.copy(c.get("labels"), where + ".labels"));
    }
    labels.put(Corpus.GROUP_LABEL, group);
    metadata.put("labels", labels);
    for (String field : List.of("annotations", "finalizers")) {
      if (c.get(field) != null) {
        metadata.put(field, Maps.deepCopy(c.get(field)));
      }
    }
    return object;
  }
}
