package dev.celador.engine.admission;

import dev.celador.engine.ssa.KubeSchemas;
import dev.celador.engine.ssa.SchemaNode;
import dev.celador.engine.ssa.StructuredMerge;
import java.util.Map;

/**
 * Applies a mutation's {@code Object{...}} result to the object with server-side-apply semantics,
 * by the schema of the request's kind (built-in kinds of the pinned Kubernetes version).
 */
final class ApplyConfigurations {

  private ApplyConfigurations() {}

  /**
   * @throws StructuredMerge.ApplyException when the configuration does not fit the schema
   * @throws IllegalArgumentException when the kind has no known schema (custom resources)
   */
  @SuppressWarnings("unchecked")
  static Object apply(Object object, Object result, AdmissionRequest.Gvk kind)
      throws StructuredMerge.ApplyException {
    SchemaNode schema =
        KubeSchemas.builtIn()
            .forKind(kind.group(), kind.version(), kind.kind())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "ApplyConfiguration: Celador knows the schemas of built-in kinds only, not "
                            + (kind.group().isEmpty() ? "" : kind.group() + "/")
                            + kind.version()
                            + " "
                            + kind.kind()));
    if (!(CelJson.keepingBytes(result) instanceof Map<?, ?> typed)) {
      throw new IllegalArgumentException("ApplyConfiguration: expected an Object");
    }
    StructuredMerge.check((Map<String, Object>) typed, schema);
    Object configuration = CelJson.of(result);
    return StructuredMerge.apply(object, (Map<String, Object>) configuration, schema);
  }
}
