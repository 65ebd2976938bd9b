package dev.celador.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses custom resources whose key sources read files on the server's own pod ({@code jwksFile},
 * {@code secretFile}): whoever may create a policy object must not choose which of the server's
 * files it reads (service account token, TLS keys), nor probe their existence through the errors.
 * Checked on the objects before they compile, because compiling reads the files.
 */
final class PodFileKeySources {

  static final Set<String> FIELDS = Set.of("jwksFile", "secretFile");

  private PodFileKeySources() {}

  /** One problem per refused field, naming the object and the field; empty when none. */
  static List<String> refuse(List<Map<String, Object>> objects) {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      if (object.get("spec") != null) {
        find(object.get("spec"), "spec", name(object), problems);
      }
    }
    problems.sort(null);
    return problems;
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

  private static String name(Map<String, Object> object) {
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    Object namespace = metadata.get("namespace");
    return CustomResourceYaml.sourceName(
        String.valueOf(object.get("apiVersion")),
        String.valueOf(object.get("kind")),
        namespace == null ? null : namespace.toString(),
        String.valueOf(metadata.get("name")));
  }
}
