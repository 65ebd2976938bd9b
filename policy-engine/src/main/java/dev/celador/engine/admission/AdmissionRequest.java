package dev.celador.engine.admission;

import dev.celador.engine.cel.JsonValues;
import java.util.List;
import java.util.Map;

/**
 * One admission request, transport-neutral: the fields of an AdmissionReview v1 {@code request}.
 * {@code object}, {@code oldObject} and {@code options} are parsed JSON (maps, lists, scalars) or
 * null.
 */
public record AdmissionRequest(
    String uid,
    Gvk kind,
    Gvr resource,
    String subResource,
    Gvk requestKind,
    Gvr requestResource,
    String requestSubResource,
    String name,
    String namespace,
    String operation,
    UserInfo userInfo,
    Object object,
    Object oldObject,
    boolean dryRun,
    Object options) {

  /** group, version, kind. */
  public record Gvk(String group, String version, String kind) {}

  /** group, version, resource. */
  public record Gvr(String group, String version, String resource) {}

  /** The requesting user. */
  public record UserInfo(
      String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    public UserInfo {
      groups = List.copyOf(groups);
      extra = Map.copyOf(extra);
    }
  }

  /** Reads the {@code request} of an AdmissionReview parsed into maps; absent fields are empty. */
  @SuppressWarnings("unchecked")
  public static AdmissionRequest fromMap(Map<String, Object> m) {
    Map<String, Object> user = map(m.get("userInfo"));
    Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
    map(user.get("extra")).forEach((k, v) -> extra.put(k, strings(v)));
    Gvk kind = gvk(m.get("kind"));
    Gvr resource = gvr(m.get("resource"));
    return new AdmissionRequest(
        str(m.get("uid")),
        kind,
        resource,
        str(m.get("subResource")),
        m.get("requestKind") == null ? kind : gvk(m.get("requestKind")),
        m.get("requestResource") == null ? resource : gvr(m.get("requestResource")),
        m.get("requestSubResource") == null
            ? str(m.get("subResource"))
            : str(m.get("requestSubResource")),
        str(m.get("name")),
        str(m.get("namespace")),
        str(m.get("operation")),
        new UserInfo(
            str(user.get("username")), str(user.get("uid")), strings(user.get("groups")), extra),
        m.get("object"),
        m.get("oldObject"),
        Boolean.TRUE.equals(m.get("dryRun")),
        m.get("options"));
  }

  /** This request with {@code object} in place of its object (as a mutation left it). */
  public AdmissionRequest withObject(Object object) {
    if (object == this.object) {
      return this;
    }
    return new AdmissionRequest(
        uid,
        kind,
        resource,
        subResource,
        requestKind,
        requestResource,
        requestSubResource,
        name,
        namespace,
        operation,
        userInfo,
        object,
        oldObject,
        dryRun,
        options);
  }

  private static Gvk gvk(Object o) {
    Map<String, Object> m = map(o);
    return new Gvk(str(m.get("group")), str(m.get("version")), str(m.get("kind")));
  }

  private static Gvr gvr(Object o) {
    Map<String, Object> m = map(o);
    return new Gvr(str(m.get("group")), str(m.get("version")), str(m.get("resource")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** The labels of {@code object} (or empty when it has none). */
  static Map<String, String> labels(Object object) {
    Map<String, Object> metadata = map(map(object).get("metadata"));
    Map<String, String> labels = new java.util.HashMap<>();
    map(metadata.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return labels;
  }

  /**
   * The {@code request} CEL variable as kube-apiserver builds it: the AdmissionRequest marshalled
   * to JSON, so fields tagged {@code omitempty} are absent when empty (reading one is a "no such
   * key" error, {@code has()} is false) and {@code uid} is always empty (the API server does not
   * set it for policies).
   */
  MapStruct toCel() {
    Map<String, Object> f = new java.util.HashMap<>();
    f.put("uid", "");
    f.put("kind", gvkStruct(kind));
    f.put("resource", gvrStruct(resource));
    putIfNotEmpty(f, "subResource", subResource);
    f.put("requestKind", gvkStruct(requestKind));
    f.put("requestResource", gvrStruct(requestResource));
    putIfNotEmpty(f, "requestSubResource", requestSubResource);
    putIfNotEmpty(f, "name", name);
    putIfNotEmpty(f, "namespace", namespace);
    f.put("operation", operation);
    Map<String, Object> user = new java.util.HashMap<>();
    putIfNotEmpty(user, "username", userInfo.username());
    putIfNotEmpty(user, "uid", userInfo.uid());
    if (!userInfo.groups().isEmpty()) {
      user.put("groups", userInfo.groups());
    }
    if (!userInfo.extra().isEmpty()) {
      user.put("extra", userInfo.extra());
    }
    f.put("userInfo", new MapStruct(RequestTypes.USER_INFO, user));
    f.put("dryRun", dryRun);
    f.put("options", JsonValues.toCel(options));
    return new MapStruct(RequestTypes.REQUEST, f);
  }

  private static void putIfNotEmpty(Map<String, Object> fields, String name, String value) {
    if (!value.isEmpty()) {
      fields.put(name, value);
    }
  }

  private static MapStruct gvkStruct(Gvk g) {
    return new MapStruct(
        RequestTypes.GVK, Map.of("group", g.group(), "version", g.version(), "kind", g.kind()));
  }

  private static MapStruct gvrStruct(Gvr g) {
    return new MapStruct(
        RequestTypes.GVR,
        Map.of("group", g.group(), "version", g.version(), "resource", g.resource()));
  }
}
