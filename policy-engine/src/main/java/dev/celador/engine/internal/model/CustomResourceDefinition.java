package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.Map;

/**
 * A {@code CustomResourceDefinition} (apiextensions.k8s.io/v1) kept with the policies: not a
 * policy, but the schema of custom resources that mutating policies write to ({@code
 * ApplyConfiguration} merges them by it) and that {@code celador check} type-checks mutations
 * against.
 *
 * @param object the whole manifest, as parsed YAML
 */
public record CustomResourceDefinition(
    Metadata metadata, Map<String, Object> object, SourceLocation location)
    implements PolicyDocument {

  public static final String KIND = "CustomResourceDefinition";
  public static final String API_VERSION = "apiextensions.k8s.io/v1";

  @Override
  public String kind() {
    return KIND;
  }
}
