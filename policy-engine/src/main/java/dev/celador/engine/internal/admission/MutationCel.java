package dev.celador.engine.internal.admission;

import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelValueProvider;
import dev.cel.runtime.CelFunctionBinding;
import dev.celador.engine.internal.jsonpatch.JsonPointers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-apiserver adds to the admission CEL environment for mutations: the {@code Object} types
 * of apply configurations, the {@code JSONPatch} type ({@code op}, {@code path}, {@code from}:
 * string; {@code value}: any), values of it built by {@code JSONPatch{...}}, and {@code
 * jsonpatch.escapeKey(string)}, which escapes a key for a JSON pointer (RFC 6901: {@code ~} as
 * {@code ~0}, {@code /} as {@code ~1}).
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

  /**
   * The type of an apply configuration's root, {@code Object}. As in kube-apiserver, {@code Object}
   * and {@code Object.<field>...} types accept any field of any type: the target's schema judges
   * the configuration when it is applied.
   */
  static final StructType OBJECT = objectType("Object", Set.of());

  /** Builds {@code JSONPatch{...}} and {@code Object...{...}} values; no other struct. */
  private static final CelValueProvider VALUES =
      (type, fields) ->
          Types.NONE
              .find(type)
              .map(t -> new MapStruct(t, new ObjectTypeNames.Fields(t.name(), fields)));

  /**
   * The mutation types of one expression: {@code JSONPatch}, and each {@code Object...} type with
   * the fields the expression sets on it (cel-java's struct types know their field names), dyn.
   */
  record Types(Map<String, StructType> objects) {

    static final Types NONE = new Types(Map.of());

    /** The {@code Object...} types {@code ast} builds, with the fields it gives them. */
    static Types of(CelAbstractSyntaxTree ast) {
      Map<String, Set<String>> fields = new HashMap<>();
      CelNavigableAst.fromAst(ast)
          .getRoot()
          .allNodes()
          .map(CelNavigableExpr::expr)
          .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.STRUCT)
          .map(CelExpr::struct)
          .filter(struct -> isObjectType(struct.messageName()))
          .forEach(
              struct -> {
                Set<String> names =
                    fields.computeIfAbsent(struct.messageName(), k -> new HashSet<>());
                struct.entries().forEach(entry -> names.add(entry.fieldKey()));
              });
      Map<String, StructType> objects = new HashMap<>();
      fields.forEach((name, names) -> objects.put(name, objectType(name, names)));
      return new Types(objects);
    }

    Optional<StructType> find(String name) {
      if (name.equals(JSON_PATCH.name())) {
        return Optional.of(JSON_PATCH);
      }
      if (objects.containsKey(name)) {
        return Optional.of(objects.get(name));
      }
      return isObjectType(name) ? Optional.of(objectType(name, Set.of())) : Optional.empty();
    }

    List<CelType> all() {
      List<CelType> all = new ArrayList<>(objects.values());
      all.add(JSON_PATCH);
      if (!objects.containsKey(OBJECT.name())) {
        all.add(OBJECT);
      }
      return all;
    }
  }

  private static boolean isObjectType(String name) {
    return name.equals("Object") || name.startsWith("Object.");
  }

  private static StructType objectType(String name, Set<String> fields) {
    return StructType.create(
        name, ImmutableSet.copyOf(fields), field -> Optional.of(SimpleType.DYN));
  }

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
            CelFunctionBinding.from(ESCAPE_KEY_OVERLOAD, String.class, JsonPointers::escape))
        .setValueProvider(VALUES);
  }
}
