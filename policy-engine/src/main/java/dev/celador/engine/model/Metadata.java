package dev.celador.engine.model;

import dev.celador.engine.source.SourceLocation;
import java.util.Map;

/** Kubernetes-style object metadata of a policy document. */
public record Metadata(
    String name, String namespace, Map<String, String> labels, SourceLocation location) {

  public Metadata {
    namespace = namespace == null ? "" : namespace;
    labels = Map.copyOf(labels);
  }

  /** {@code namespace/name}, or just {@code name} for cluster-wide policies. */
  public String id() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
