package dev.celador.engine.internal.admission;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed {@code request} variable of admission CEL, as kube-apiserver declares it: the
 * AdmissionRequest without {@code object} and {@code oldObject}. Typed, so {@code request.namex}
 * fails when the policy loads.
 */
final class RequestTypes {

  static final StructType GVK =
      struct(
          "kubernetes.GroupVersionKind",
          ImmutableMap.of(
              "group", SimpleType.STRING, "version", SimpleType.STRING, "kind", SimpleType.STRING));

  static final StructType GVR =
      struct(
          "kubernetes.GroupVersionResource",
          ImmutableMap.of(
              "group",
              SimpleType.STRING,
              "version",
              SimpleType.STRING,
              "resource",
              SimpleType.STRING));

  static final StructType USER_INFO =
      struct(
          "kubernetes.UserInfo",
          ImmutableMap.of(
              "username",
              SimpleType.STRING,
              "uid",
              SimpleType.STRING,
              "groups",
              ListType.create(SimpleType.STRING),
              "extra",
              MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING))));

  static final StructType REQUEST =
      struct(
          "kubernetes.AdmissionRequest",
          ImmutableMap.<String, CelType>builder()
              .put("uid", SimpleType.STRING)
              .put("kind", GVK)
              .put("resource", GVR)
              .put("subResource", SimpleType.STRING)
              .put("requestKind", GVK)
              .put("requestResource", GVR)
              .put("requestSubResource", SimpleType.STRING)
              .put("name", SimpleType.STRING)
              .put("namespace", SimpleType.STRING)
              .put("operation", SimpleType.STRING)
              .put("userInfo", USER_INFO)
              .put("dryRun", SimpleType.BOOL)
              .put("options", SimpleType.DYN)
              .buildOrThrow());

  static final CelTypeProvider PROVIDER = new Provider();

  private RequestTypes() {}

  static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(
        name,
        ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
  }

  private static final class Provider implements CelTypeProvider {
    private static final Map<String, CelType> BY_NAME = byName();

    private static Map<String, CelType> byName() {
      Map<String, CelType> all = new java.util.HashMap<>();
      for (StructType t : List.of(GVK, GVR, USER_INFO, REQUEST)) {
        all.put(t.name(), t);
      }
      for (StructType t : NamespaceTypes.ALL) {
        all.put(t.name(), t);
      }
      return Map.copyOf(all);
    }

    @Override
    public ImmutableCollection<CelType> types() {
      return ImmutableList.copyOf(BY_NAME.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(BY_NAME.get(typeName));
    }
  }
}
