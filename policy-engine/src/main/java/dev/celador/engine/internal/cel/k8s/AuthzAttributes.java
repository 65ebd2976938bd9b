package dev.celador.engine.internal.cel.k8s;

import java.util.List;

/**
 * What one {@code check(verb)} asks an authorizer: may {@code user} do {@code verb} on this
 * resource (or non-resource {@code path})? Empty strings mean "not set".
 */
public record AuthzAttributes(
    String user,
    List<String> groups,
    String verb,
    String path,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String fieldSelector,
    String labelSelector) {

  public AuthzAttributes {
    groups = List.copyOf(groups);
  }

  public boolean isResourceRequest() {
    return path.isEmpty();
  }
}
