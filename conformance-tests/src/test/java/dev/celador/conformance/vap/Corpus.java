package dev.celador.conformance.vap;

import java.util.List;
import java.util.Map;

/**
 * The whole differential corpus, as the API server and Celador both get it: namespaces, objects
 * that exist before any case runs (update/delete targets, params), every policy and binding (each
 * binding already isolated to its group's objects), and the cases to submit.
 */
record Corpus(
    List<Namespace> namespaces,
    List<Map<String, Object>> objects,
    List<Map<String, Object>> policies,
    List<Map<String, Object>> bindings,
    List<VapCase> cases) {

  /** The label that ties a case's objects to its group's bindings. */
  static final String GROUP_LABEL = "celador.dev/corpus-group";

  /** A namespace the corpus creates, with its labels. */
  record Namespace(String name, Map<String, String> labels) {}

  /**
   * One submission: {@code object} (for DELETE, the object to delete) sent with {@code operation},
   * to {@code subresource} of {@code target} when set, as {@code user} in {@code groups} (the
   * cluster admin when user is null).
   */
  record VapCase(
      String id,
      String file,
      String group,
      String operation,
      Map<String, Object> object,
      Kinds.Kind target,
      String subresource,
      String user,
      List<String> groups) {

    String name() {
      return String.valueOf(metadata(object).get("name"));
    }

    String namespace() {
      Object ns = metadata(object).get("namespace");
      return ns == null ? "" : ns.toString();
    }
  }

  /**
   * The policies and bindings of {@code group} only: its bindings (those isolated to it) and the
   * policies they bind. Other groups' bindings never match its objects, so this is all that can
   * decide its cases, and a policy Celador cannot compile only costs its own group's cases.
   */
  List<Map<String, Object>> policiesAndBindings(String group) {
    List<Map<String, Object>> groupBindings =
        bindings.stream().filter(b -> isolatedTo(b, group)).toList();
    java.util.Set<Object> names =
        groupBindings.stream()
            .map(b -> Maps.map(b.get("spec"), "spec").get("policyName"))
            .collect(java.util.stream.Collectors.toSet());
    List<Map<String, Object>> all = new java.util.ArrayList<>();
    policies.stream().filter(p -> names.contains(metadata(p).get("name"))).forEach(all::add);
    all.addAll(groupBindings);
    return all;
  }

  private static boolean isolatedTo(Map<String, Object> binding, String group) {
    Map<String, Object> match =
        Maps.map(Maps.map(binding.get("spec"), "spec").get("matchResources"), "m");
    for (String selector : List.of("objectSelector", "namespaceSelector")) {
      for (Object e :
          Maps.list(Maps.map(match.get(selector), selector).get("matchExpressions"), "e")) {
        Map<String, Object> requirement = Maps.map(e, "requirement");
        if (GROUP_LABEL.equals(requirement.get("key"))
            && List.of(group).equals(requirement.get("values"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Policies first, then bindings: the order both sides create them in. */
  List<Map<String, Object>> policiesAndBindings() {
    List<Map<String, Object>> all = new java.util.ArrayList<>(policies);
    all.addAll(bindings);
    return all;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.get("metadata");
  }
}
