package dev.celador.engine.internal.admission;

import dev.celador.engine.internal.cel.k8s.AuthorizationBackend;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.util.List;
import java.util.Map;

/**
 * What admission needs besides the request: parameter objects, namespaces (for {@code
 * namespaceSelector} and {@code namespaceObject}) and an authorizer. Offline these come from files;
 * in a cluster, from informers and SubjectAccessReviews.
 *
 * @param params every parameter object, as parsed YAML/JSON (apiVersion, kind, metadata, ...)
 * @param namespaces Namespace objects by name
 */
public record AdmissionContext(
    List<Map<String, Object>> params,
    Map<String, Map<String, Object>> namespaces,
    AuthorizationBackend authorizer) {

  public AdmissionContext {
    params = List.copyOf(params);
    namespaces = Map.copyOf(namespaces);
  }

  public static AdmissionContext empty() {
    return new AdmissionContext(List.of(), Map.of(), DeclaredAuthorizer.none());
  }
}
