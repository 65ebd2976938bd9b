package dev.celador.engine.api;

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
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
