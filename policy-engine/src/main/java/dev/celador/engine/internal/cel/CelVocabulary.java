package dev.celador.engine.internal.cel;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelVarDecl;
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
 * The typed CEL vocabulary of HTTP authorization, named after Envoy's attributes so conditions read
 * like Envoy RBAC CEL. Struct types (rather than {@code map(string, dyn)}) let the type-checker
 * reject misspelt fields such as {@code request.methd} when a policy loads, not when it runs.
 */
final class CelVocabulary {

  public static final String REQUEST_TYPE = "celador.Request";
  public static final String PEER_TYPE = "celador.Peer";
  public static final String CONNECTION_TYPE = "celador.Connection";
  public static final String JWT_TYPE = "celador.Jwt";

  private static final MapType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
  private static final MapType DYN_MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);

  static final StructType REQUEST =
      struct(
          REQUEST_TYPE,
          ImmutableMap.<String, CelType>builder()
              .put("method", SimpleType.STRING)
              .put("path", SimpleType.STRING)
              .put("url_path", SimpleType.STRING)
              .put("query", SimpleType.STRING)
              .put("host", SimpleType.STRING)
              .put("scheme", SimpleType.STRING)
              .put("protocol", SimpleType.STRING)
              .put("headers", STRING_MAP)
              .put("id", SimpleType.STRING)
              .put("body", SimpleType.STRING)
              .put("time", SimpleType.TIMESTAMP)
              .buildOrThrow());

  static final StructType PEER =
      struct(
          PEER_TYPE,
          ImmutableMap.of(
              "address", SimpleType.STRING,
              "port", SimpleType.INT,
              "principal", SimpleType.STRING,
              "namespace", SimpleType.STRING,
              "service_account", SimpleType.STRING));

  static final StructType CONNECTION =
      struct(
          CONNECTION_TYPE,
          ImmutableMap.of("mtls", SimpleType.BOOL, "requested_server_name", SimpleType.STRING));

  static final StructType JWT =
      struct(
          JWT_TYPE,
          ImmutableMap.of(
              "present",
              SimpleType.BOOL,
              "claims",
              DYN_MAP,
              "issuer",
              SimpleType.STRING,
              "subject",
              SimpleType.STRING,
              "audiences",
              ListType.create(SimpleType.STRING),
              "scopes",
              ListType.create(SimpleType.STRING)));

  /** Top-level variables every HTTP authorization expression may use. */
  public static final List<CelVarDecl> VARIABLES =
      List.of(
          CelVarDecl.newVarDeclaration("request", REQUEST),
          CelVarDecl.newVarDeclaration("source", PEER),
          CelVarDecl.newVarDeclaration("destination", PEER),
          CelVarDecl.newVarDeclaration("connection", CONNECTION),
          CelVarDecl.newVarDeclaration("context", STRING_MAP),
          CelVarDecl.newVarDeclaration("jwt", JWT),
          CelVarDecl.newVarDeclaration("metadata", DYN_MAP),
          CelVarDecl.newVarDeclaration("object", DYN_MAP));

  /** Resolves the struct type names above for the checker and the runtime. */
  public static final CelTypeProvider TYPES = new VocabularyTypeProvider();

  private CelVocabulary() {}

  private static StructType struct(String name, ImmutableMap<String, CelType> fields) {
    return StructType.create(
        name,
        ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
  }

  private static final class VocabularyTypeProvider implements CelTypeProvider {
    private static final Map<String, CelType> BY_NAME =
        Map.of(REQUEST_TYPE, REQUEST, PEER_TYPE, PEER, CONNECTION_TYPE, CONNECTION, JWT_TYPE, JWT);

    @Override
    public com.google.common.collect.ImmutableCollection<CelType> types() {
      return com.google.common.collect.ImmutableList.copyOf(BY_NAME.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(BY_NAME.get(typeName));
    }
  }
}
