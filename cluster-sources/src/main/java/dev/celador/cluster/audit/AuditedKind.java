package dev.celador.cluster.audit;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A kind the audit lists: found through discovery, so its plural and scope are the API server's.
 */
public record AuditedKind(
    String group, String version, String resource, String kind, boolean namespaced) {

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(resource)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "" : group + "/") + version + " " + resource;
  }
}
