package dev.celador.conformance.vap;

import dev.celador.conformance.vap.Corpus.Namespace;
import dev.celador.conformance.vap.Corpus.VapCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code vap/*.yaml} into a {@link Corpus}. The format is described in {@code vap/README.md};
 * in short a file declares namespaces, pre-existing objects, policies, bindings and cases (one
 * isolation group per file), and/or {@code expressions}, a shorthand where every item is its own
 * group: one policy with one validation, submitted once.
 */
final class CorpusReader {

  private static final Set<String> FILE_KEYS =
      Set.of("namespaces", "isolation", "objects", "policies", "bindings", "cases", "expressions");
  private static final Set<String> CASE_KEYS =
      Set.of(
          "id",
          "operation",
          "object",
          "data",
          "labels",
          "name",
          "user",
          "groups",
          "subresource",
          "parent");
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE");

  private final List<Namespace> namespaces = new ArrayList<>();
  private final List<Map<String, Object>> objects = new ArrayList<>();
  private final List<Map<String, Object>> policies = new ArrayList<>();
  private final List<Map<String, Object>> bindings = new ArrayList<>();
  private final List<VapCase> cases = new ArrayList<>();
  private final Set<String> caseIds = new HashSet<>();
  private final Set<String> namespaceNames = new HashSet<>();

  /** Every {@code *.yaml} in {@code dir} except {@code exclusions.yaml}, in name order. */
  static Corpus read(Path dir) {
    CorpusReader reader = new CorpusReader();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(p -> p.getFileName().toString().endsWith(".yaml"))
              .filter(p -> !p.getFileName().toString().equals("exclusions.yaml"))
              .sorted()
              .toList()) {
        reader.readFile(file);
      }
    } catch (IOException e) {
      throw new CorpusException(dir + ": cannot read: " + e.getMessage());
    }
    return new Corpus(
        List.copyOf(reader.namespaces),
        List.copyOf(reader.objects),
        List.copyOf(reader.policies),
        List.copyOf(reader.bindings),
        List.copyOf(reader.cases));
  }

  static Map<String, Object> yaml(Path file) {
    try {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      if (!(doc instanceof Map<?, ?>)) {
        throw new CorpusException(file + ": expected a mapping at the top");
      }
      return Maps.cast(doc);
    } catch (IOException e) {
      throw new CorpusException(file + ": cannot read: " + e.getMessage());
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new CorpusException(file + ": invalid YAML: " + e.getMessage());
    }
  }

  private void readFile(Path path) {
    String file = path.getFileName().toString().replaceFirst("\\.yaml$", "");
    Map<String, Object> doc = yaml(path);
    Maps.checkKeys(doc, FILE_KEYS, path.getFileName().toString());
    FileScope scope = new FileScope(file, doc, this::addNamespace);
    for (Object o : Maps.list(doc.get("objects"), file + ": objects")) {
      objects.add(scope.place(Maps.copy(o, file + ": objects[]"), file, file + ": objects[]"));
    }
    List<String> policyNames = new ArrayList<>();
    for (Object o : Maps.list(doc.get("policies"), file + ": policies")) {
      Map<String, Object> p = Maps.copy(o, file + ": policies[]");
      String name = Maps.string(p, "name", file + ": policies[]");
      policyNames.add(name);
      policies.add(Manifests.policy(file + "-" + name, Maps.map(p.get("spec"), file)));
    }
    List<Object> declared = Maps.list(doc.get("bindings"), file + ": bindings");
    if (declared.isEmpty()) {
      for (String name : policyNames) {
        bindings.add(scope.binding(file + "-" + name, Map.of("policyName", name), file));
      }
    }
    for (Object o : declared) {
      Map<String, Object> b = Maps.copy(o, file + ": bindings[]");
      String name = Maps.string(b, "name", file + ": bindings[]");
      bindings.add(scope.binding(file + "-" + name, Maps.map(b.get("spec"), file), file));
    }
    for (Object o : Maps.list(doc.get("cases"), file + ": cases")) {
      addCase(scope, Maps.copy(o, file + ": cases[]"));
    }
    if (doc.get("expressions") != null) {
      new ExpressionShorthand(file, Maps.map(doc.get("expressions"), file + ": expressions"))
          .expand(scope, policies, bindings, this::addExpressionCase);
    }
  }

  private void addNamespace(Namespace namespace) {
    if (!namespaceNames.add(namespace.name())) {
      throw new CorpusException("namespace " + namespace.name() + " is declared by two files");
    }
    namespaces.add(namespace);
  }

  private void addCase(FileScope scope, Map<String, Object> c) {
    String where = scope.file() + ": cases[" + c.get("id") + "]";
    Maps.checkKeys(c, CASE_KEYS, where);
    String id = scope.file() + "/" + Maps.string(c, "id", where);
    Map<String, Object> object;
    if (c.get("object") != null) {
      object = Maps.copy(c.get("object"), where + ".object");
    } else {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("name", c.getOrDefault("name", "cm"));
      if (c.get("labels") != null) {
        metadata.put("labels", Maps.copy(c.get("labels"), where + ".labels"));
      }
      object = new LinkedHashMap<>();
      object.put("apiVersion", "v1");
      object.put("kind", "ConfigMap");
      object.put("metadata", metadata);
      if (c.get("data") != null) {
        object.put("data", Maps.copy(c.get("data"), where + ".data"));
      }
    }
    object = scope.place(object, scope.file(), where);
    String operation = String.valueOf(c.getOrDefault("operation", "CREATE"));
    if (!OPERATIONS.contains(operation)) {
      throw new CorpusException(where + ".operation: expected one of " + OPERATIONS);
    }
    Kinds.Kind target = Kinds.of(object, where);
    if (c.get("parent") != null) {
      target = Kinds.of(Maps.copy(c.get("parent"), where + ".parent"), where + ".parent");
    }
    List<String> groups = new ArrayList<>();
    for (Object g : Maps.list(c.get("groups"), where + ".groups")) {
      groups.add(String.valueOf(g));
    }
    add(
        new VapCase(
            id,
            scope.file(),
            scope.file(),
            operation,
            object,
            target,
            (String) c.get("subresource"),
            (String) c.get("user"),
            List.copyOf(groups)),
        where);
  }

  private void addExpressionCase(VapCase c) {
    add(c, c.id());
  }

  private void add(VapCase c, String where) {
    if (!caseIds.add(c.id())) {
      throw new CorpusException(where + ": duplicate case id " + c.id());
    }
    cases.add(c);
  }
}
