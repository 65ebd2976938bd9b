package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.Map;

/**
 * Kubernetes-style object metadata of a policy document.
 *
 * @param id {@code namespace/name}, or just {@code name} for cluster-wide policies; always derived
 *     from them (a passed value is ignored), and kept because every decision names its policy
 */
public record Metadata(
    String name, String namespace, Map<String, String> labels, SourceLocation location, String id) {

  public Metadata {
    namespace = namespace == null ? "" : namespace;
    labels = Map.copyOf(labels);
    id = namespace.isEmpty() ? name : namespace + "/" + name;
  }

  public Metadata(
      String name, String namespace, Map<String, String> labels, SourceLocation location) {
    this(name, namespace, labels, location, null);
  }
}
