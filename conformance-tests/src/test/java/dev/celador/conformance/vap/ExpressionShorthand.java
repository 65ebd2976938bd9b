package dev.celador.conformance.vap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Expands a file's {@code expressions} block: each item becomes its own group (policy {@code
 * <file>-<n>}, a Deny binding, one CREATE of a ConfigMap), so a library function is compared on
 * allowed, message and the exact error text in one line of YAML. An item with {@code show} fails on
 * purpose and prints the value of that (string) expression as the message.
 */
final class ExpressionShorthand {

  private static final Set<String> BLOCK_KEYS = Set.of("data", "object", "variables", "items");
  private static final Set<String> ITEM_KEYS =
      Set.of("expr", "show", "message", "messageExpression", "reason", "data", "object");

  private final String file;
  private final Map<String, Object> block;

  ExpressionShorthand(String file, Map<String, Object> block) {
    this.file = file;
    this.block = block;
    Maps.checkKeys(block, BLOCK_KEYS, file + ": expressions");
  }

  void expand(
      FileScope scope,
      List<Map<String, Object>> policies,
      List<Map<String, Object>> bindings,
      Consumer<Corpus.VapCase> cases) {
    List<Object> items = Maps.list(block.get("items"), file + ": expressions.items");
    for (int i = 0; i < items.size(); i++) {
      String where = file + ": expressions.items[" + i + "]";
      Map<String, Object> item =
          items.get(i) instanceof String s
              ? new LinkedHashMap<>(Map.of("expr", s))
              : Maps.copy(items.get(i), where);
      Maps.checkKeys(item, ITEM_KEYS, where);
      String group = file + "-" + (i + 1);
      if (item.get("show") != null) {
        // A value to compare rather than a condition: fail and print it.
        item.putIfAbsent("expr", "false");
        item.put("messageExpression", item.get("show"));
      }
      Map<String, Object> validation = new LinkedHashMap<>();
      validation.put("expression", Maps.string(item, "expr", where));
      for (String key : List.of("message", "messageExpression", "reason")) {
        if (item.get(key) != null) {
          validation.put(key, item.get(key));
        }
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("matchConstraints", Manifests.configMapRules(List.of("CREATE")));
      if (block.get("variables") != null) {
        spec.put("variables", Maps.deepCopy(block.get("variables")));
      }
      spec.put("validations", List.of(validation));
      Object objectTemplate = item.getOrDefault("object", block.get("object"));
      if (objectTemplate != null) {
        Map<String, Object> template = Maps.copy(objectTemplate, where + ".object");
        spec.put("matchConstraints", rulesFor(template, where));
      }
      policies.add(Manifests.policy(group, spec));
      bindings.add(scope.binding(group, Map.of("policyName", String.valueOf(i + 1)), group));
      Map<String, Object> object =
          scope.place(objectFor(item, objectTemplate, where), group, where);
      cases.accept(
          new Corpus.VapCase(
              file + "/" + (i + 1),
              file,
              group,
              "CREATE",
              object,
              Kinds.of(object, where),
              null,
              null,
              List.of()));
    }
  }

  private Map<String, Object> objectFor(Map<String, Object> item, Object template, String where) {
    if (template != null) {
      return Maps.copy(template, where + ".object");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", new LinkedHashMap<>(Map.of("name", "c")));
    Object data = item.getOrDefault("data", block.get("data"));
    if (data != null) {
      object.put("data", Maps.copy(data, where + ".data"));
    }
    return object;
  }

  /** CREATE of whatever resource the template object is. */
  private static Map<String, Object> rulesFor(Map<String, Object> template, String where) {
    Kinds.Kind kind = Kinds.of(template, where);
    String apiVersion = kind.apiVersion();
    int slash = apiVersion.indexOf('/');
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(slash < 0 ? "" : apiVersion.substring(0, slash)));
    rule.put("apiVersions", List.of(slash < 0 ? apiVersion : apiVersion.substring(slash + 1)));
    rule.put("operations", List.of("CREATE"));
    rule.put("resources", List.of(kind.resource()));
    return new LinkedHashMap<>(Map.of("resourceRules", List.of(rule)));
  }
}
