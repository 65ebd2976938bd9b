package dev.celador.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Refuses custom resources whose key sources read files on the server's own pod ({@code jwksFile},
 * {@code secretFile}): whoever may create a policy object must not choose which of the server's
 * files it reads (service account token, TLS keys), nor probe their existence through the errors.
 * Checked on the objects before they compile, because compiling reads the files.
 */
final class PodFileKeySources {

  static final Set<String> FIELDS = Set.of("jwksFile", "secretFile");

  private PodFileKeySources() {}

  /**
   * The refused objects by source name, each with one problem per refused field naming the object
   * and the field; empty when none.
   */
  static Map<String, List<String>> refuse(List<Map<String, Object>> objects) {
    Map<String, List<String>> refused = new TreeMap<>();
    for (Map<String, Object> object : objects) {
      List<String> problems = new ArrayList<>();
      String name = CustomResourceYaml.sourceName(object);
      if (object.get("spec") != null) {
        find(object.get("spec"), "spec", name, problems);
      }
      if (!problems.isEmpty()) {
        problems.sort(null);
        refused.put(name, List.copyOf(problems));
      }
    }
    return refused;
  }

  private static void find(Object node, String path, String object, List<String> problems) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            String field = path + "." + key;
            if (FIELDS.contains(String.valueOf(key))) {
              problems.add(
                  object
                      + ": field "
                      + field
                      + ": error[forbidden_key_source]: policies from the cluster may not read"
                      + " files on the server's pod; use jwks (an inline key set), jwksUri or"
                      + " discovery");
            } else {
              find(value, field, object, problems);
            }
          });
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        find(list.get(i), path + "[" + i + "]", object, problems);
      }
    }
  }
}
