package dev.celador.engine.internal.admission;

import com.google.common.collect.ImmutableMap;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.celador.engine.internal.cel.JsonValues;
import java.util.List;
import java.util.Map;

/**
 * The typed {@code namespaceObject} variable, as kube-apiserver declares it (BuildNamespaceType):
 * metadata, spec and status with a fixed set of fields, so {@code
 * namespaceObject.metadata.labels.team} is a string and {@code
 * namespaceObject.metadata.managedFields} does not compile.
 */
final class NamespaceTypes {

  private static final StructType SPEC =
      RequestTypes.struct(
          "kubernetes.NamespaceSpec", Map.of("finalizers", ListType.create(SimpleType.STRING)));

  private static final StructType CONDITION =
      RequestTypes.struct(
          "kubernetes.NamespaceCondition",
          Map.of(
              "status", SimpleType.STRING,
              "type", SimpleType.STRING,
              "lastTransitionTime", SimpleType.TIMESTAMP,
              "message", SimpleType.STRING,
              "reason", SimpleType.STRING));

  private static final StructType STATUS =
      RequestTypes.struct(
          "kubernetes.NamespaceStatus",
          Map.of("conditions", ListType.create(CONDITION), "phase", SimpleType.STRING));

  private static final StructType METADATA =
      RequestTypes.struct(
          "kubernetes.NamespaceMetadata",
          ImmutableMap.<String, CelType>builder()
              .put("name", SimpleType.STRING)
              .put("generateName", SimpleType.STRING)
              .put("namespace", SimpleType.STRING)
              .put("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
              .put("annotations", MapType.create(SimpleType.STRING, SimpleType.STRING))
              .put("UID", SimpleType.STRING)
              .put("creationTimestamp", SimpleType.TIMESTAMP)
              .put("deletionGracePeriodSeconds", SimpleType.INT)
              .put("deletionTimestamp", SimpleType.TIMESTAMP)
              .put("generation", SimpleType.INT)
              .put("resourceVersion", SimpleType.STRING)
              .put("finalizers", ListType.create(SimpleType.STRING))
              .buildOrThrow());

  static final StructType NAMESPACE =
      RequestTypes.struct(
          "kubernetes.Namespace", Map.of("metadata", METADATA, "spec", SPEC, "status", STATUS));

  static final List<StructType> ALL = List.of(NAMESPACE, METADATA, SPEC, STATUS, CONDITION);

  private NamespaceTypes() {}

  /**
   * A Namespace (parsed JSON, already trimmed to the exposed fields) as a value of {@link
   * #NAMESPACE}; fields the object does not have stay absent, as in kube-apiserver's unstructured
   * value.
   */
  static MapStruct value(Map<String, Object> namespace) {
    return struct(NAMESPACE, namespace);
  }

  private static MapStruct struct(StructType type, Map<String, Object> json) {
    Map<String, Object> fields = new java.util.HashMap<>();
    json.forEach(
        (name, value) -> {
          CelType fieldType =
              type.findField(name).map(StructType.Field::type).orElse(SimpleType.DYN);
          fields.put(name, convert(fieldType, value));
        });
    return new MapStruct(type, fields);
  }

  private static Object convert(CelType type, Object value) {
    if (type instanceof StructType s && value instanceof Map<?, ?> m) {
      return struct(s, ObjectMaps.map(m));
    }
    if (type instanceof ListType l
        && l.elemType() instanceof StructType s
        && value instanceof List<?> items) {
      return items.stream().map(item -> convert(s, item)).toList();
    }
    return JsonValues.toCel(value);
  }
}
