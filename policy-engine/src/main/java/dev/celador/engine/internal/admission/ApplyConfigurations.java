package dev.celador.engine.internal.admission;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.ssa.KubeSchemas;
import dev.celador.engine.internal.ssa.SchemaNode;
import dev.celador.engine.internal.ssa.StructuredMerge;
import java.util.Map;

/**
 * Applies a mutation's {@code Object{...}} result to the object with server-side-apply semantics,
 * by the schema of the request's kind: built-in kinds of the pinned Kubernetes version, and custom
 * resources whose CustomResourceDefinition was loaded with the policies.
 */
final class ApplyConfigurations {

  private ApplyConfigurations() {}

  /** As {@link #apply(Object, Object, AdmissionRequest.Gvk, KubeSchemas)} for built-in kinds. */
  static Object apply(Object object, Object result, AdmissionRequest.Gvk kind)
      throws StructuredMerge.ApplyException {
    return apply(object, result, kind, KubeSchemas.builtIn());
  }

  /**
   * @throws StructuredMerge.ApplyException when the configuration does not fit the schema
   * @throws IllegalArgumentException when the kind has no known schema (a custom resource without
   *     its CustomResourceDefinition)
   */
  @SuppressWarnings("unchecked")
  static Object apply(Object object, Object result, AdmissionRequest.Gvk kind, KubeSchemas schemas)
      throws StructuredMerge.ApplyException {
    SchemaNode schema =
        schemas
            .forKind(kind.group(), kind.version(), kind.kind())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "ApplyConfiguration: no schema for "
                            + (kind.group().isEmpty() ? "" : kind.group() + "/")
                            + kind.version()
                            + " "
                            + kind.kind()
                            + " (keep its CustomResourceDefinition with the policies)"));
    if (!(CelJson.keepingBytes(result) instanceof Map<?, ?> typed)) {
      throw new IllegalArgumentException("ApplyConfiguration: expected an Object");
    }
    StructuredMerge.check((Map<String, Object>) typed, schema);
    Object configuration = CelJson.of(result);
    return StructuredMerge.apply(object, (Map<String, Object>) configuration, schema);
  }
}
