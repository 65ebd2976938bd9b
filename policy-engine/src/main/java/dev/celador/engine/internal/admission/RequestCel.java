package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.JsonValues;
import java.util.Map;

/** An {@link AdmissionRequest} as the {@code request} variable of admission policies' CEL. */
final class RequestCel {

  private RequestCel() {}

  /**
   * The {@code request} CEL variable as kube-apiserver builds it: the AdmissionRequest marshalled
   * to JSON, so fields tagged {@code omitempty} are absent when empty (reading one is a "no such
   * key" error, {@code has()} is false) and {@code uid} is always empty (the API server does not
   * set it for policies).
   */
  static MapStruct of(AdmissionRequest request) {
    Map<String, Object> f = new java.util.HashMap<>();
    f.put("uid", "");
    f.put("kind", gvkStruct(request.kind()));
    f.put("resource", gvrStruct(request.resource()));
    putIfNotEmpty(f, "subResource", request.subResource());
    f.put("requestKind", gvkStruct(request.requestKind()));
    f.put("requestResource", gvrStruct(request.requestResource()));
    putIfNotEmpty(f, "requestSubResource", request.requestSubResource());
    putIfNotEmpty(f, "name", request.name());
    putIfNotEmpty(f, "namespace", request.namespace());
    f.put("operation", request.operation());
    Map<String, Object> user = new java.util.HashMap<>();
    putIfNotEmpty(user, "username", request.userInfo().username());
    putIfNotEmpty(user, "uid", request.userInfo().uid());
    if (!request.userInfo().groups().isEmpty()) {
      user.put("groups", request.userInfo().groups());
    }
    if (!request.userInfo().extra().isEmpty()) {
      user.put("extra", request.userInfo().extra());
    }
    f.put("userInfo", new MapStruct(RequestTypes.USER_INFO, user));
    f.put("dryRun", request.dryRun());
    f.put("options", JsonValues.toCel(request.options()));
    return new MapStruct(RequestTypes.REQUEST, f);
  }

  private static void putIfNotEmpty(Map<String, Object> fields, String name, String value) {
    if (!value.isEmpty()) {
      fields.put(name, value);
    }
  }

  private static MapStruct gvkStruct(AdmissionRequest.Gvk g) {
    return new MapStruct(
        RequestTypes.GVK, Map.of("group", g.group(), "version", g.version(), "kind", g.kind()));
  }

  private static MapStruct gvrStruct(AdmissionRequest.Gvr g) {
    return new MapStruct(
        RequestTypes.GVR,
        Map.of("group", g.group(), "version", g.version(), "resource", g.resource()));
  }
}
