package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * Which requests a policy applies to. Every non-empty field must match (AND); within a list any
 * value may match (OR). An empty target applies to every request.
 *
 * @param hosts request host (port ignored), exact or with a leading {@code *.} wildcard
 * @param namespaces namespace of the destination workload, from its SPIFFE principal
 * @param serviceAccounts service account of the destination workload, from its SPIFFE principal
 * @param principals destination principal (SPIFFE ID), exact
 * @param contextExtensions route context extensions that must all be present with these values
 */
public record Target(
    List<String> hosts,
    List<String> namespaces,
    List<String> serviceAccounts,
    List<String> principals,
    Map<String, String> contextExtensions,
    SourceLocation location) {

  public Target {
    hosts = List.copyOf(hosts);
    namespaces = List.copyOf(namespaces);
    serviceAccounts = List.copyOf(serviceAccounts);
    principals = List.copyOf(principals);
    contextExtensions = Map.copyOf(contextExtensions);
  }

  /** A target that selects every request. */
  public static Target everything(SourceLocation location) {
    return new Target(List.of(), List.of(), List.of(), List.of(), Map.of(), location);
  }

  public boolean selectsEverything() {
    return hosts.isEmpty()
        && namespaces.isEmpty()
        && serviceAccounts.isEmpty()
        && principals.isEmpty()
        && contextExtensions.isEmpty();
  }
}
