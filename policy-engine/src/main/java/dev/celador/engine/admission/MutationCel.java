package dev.celador.engine.admission;

import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelValueProvider;
import dev.cel.runtime.CelFunctionBinding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-apiserver adds to the admission CEL environment for mutating policies: the {@code
 * JSONPatch} type ({@code op}, {@code path}, {@code from}: string; {@code value}: any), values of
 * it built by {@code JSONPatch{...}}, and {@code jsonpatch.escapeKey(string)}, which escapes a key
 * for a JSON pointer (RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}).
 */
final class MutationCel {

  static final StructType JSON_PATCH =
      RequestTypes.struct(
          "JSONPatch",
          Map.of(
              "op", SimpleType.STRING,
              "path", SimpleType.STRING,
              "from", SimpleType.STRING,
              "value", SimpleType.DYN));

  private static final String ESCAPE_KEY = "jsonpatch.escapeKey";
  private static final String ESCAPE_KEY_OVERLOAD = "jsonpatch_escape_key_string";

  /** Builds {@code JSONPatch{...}} values; any other struct name is not this provider's. */
  private static final CelValueProvider VALUES =
      (type, fields) ->
          type.equals(JSON_PATCH.name())
              ? Optional.of(new MapStruct(JSON_PATCH, new LinkedHashMap<>(fields)))
              : Optional.empty();

  private MutationCel() {}

  /** Adds the mutation declarations and bindings to {@code builder}. */
  static void addTo(CelBuilder builder) {
    builder
        .addFunctionDeclarations(
            CelFunctionDecl.newFunctionDeclaration(
                ESCAPE_KEY,
                CelOverloadDecl.newGlobalOverload(
                    ESCAPE_KEY_OVERLOAD, SimpleType.STRING, SimpleType.STRING)))
        .addFunctionBindings(
            CelFunctionBinding.from(ESCAPE_KEY_OVERLOAD, String.class, MutationCel::escapeKey))
        .setValueProvider(VALUES);
  }

  static String escapeKey(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
