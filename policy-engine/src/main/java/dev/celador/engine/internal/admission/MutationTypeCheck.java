package dev.celador.engine.internal.admission;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import dev.celador.engine.internal.cel.CelIssues;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.ssa.SchemaNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Type-checks a compiled mutation against the schemas of the kinds its policy matches, for what is
 * known before any request: in an {@code ApplyConfiguration}, {@code Object...{field: value}}
 * fields the schema does not declare, values whose CEL type cannot fit the field (a string for a
 * number, a list for a map), and nested {@code Object} type names that do not follow the field
 * path; in a {@code JSONPatch}, literal {@code op}s that are not an operation and literal {@code
 * path}/{@code from} pointers the schema does not have. kube-apiserver accepts such a policy and
 * fails (or, for a custom resource's JSON patch, silently prunes) the mutation on every request, so
 * each finding is a warning in the API server's words. With several matched kinds, a finding is
 * reported only when it holds for every one of them (match conditions usually pick the kind).
 */
final class MutationTypeCheck {

  static final String UNDECLARED_FIELD = "mutation_undeclared_field";
  static final String TYPE_MISMATCH = "mutation_type_mismatch";
  static final String TYPE_NAME_MISMATCH = "mutation_type_name_mismatch";
  static final String INVALID_OP = "json_patch_invalid_op";
  static final String UNKNOWN_PATH = "json_patch_unknown_path";

  private static final Set<String> OPS = Set.of("add", "remove", "replace", "copy", "move", "test");
  private static final String OBJECT = "Object";

  /**
   * One finding before it is placed: its code, the node it is about, its message; {@code fieldKey}
   * when the node is a struct field, placed at its name.
   */
  private record Finding(String code, long exprId, String message, String fieldKey) {

    Finding(String code, long exprId, String message) {
      this(code, exprId, message, null);
    }
  }

  private MutationTypeCheck() {}

  static List<Diagnostic> check(
      CelAbstractSyntaxTree ast,
      MutatingPolicy.PatchType patchType,
      List<MutationTargets.Target> targets,
      Expression expression) {
    List<Diagnostic> out = new ArrayList<>();
    List<CelExpr> structs =
        CelNavigableAst.fromAst(ast)
            .getRoot()
            .allNodes()
            .map(CelNavigableExpr::expr)
            .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.STRUCT)
            .toList();
    if (patchType == MutatingPolicy.PatchType.JSON_PATCH) {
      for (Finding f : ops(structs)) {
        out.add(place(f, ast, expression));
      }
    } else {
      for (Finding f : typeNames(structs)) {
        out.add(place(f, ast, expression));
      }
    }
    if (targets.isEmpty()) {
      return out;
    }
    // A nested Object literal's own path is its field's, which the literal holding it checks.
    Set<Long> nested = new HashSet<>();
    for (CelExpr struct : structs) {
      if (isObject(struct.struct().messageName())) {
        struct
            .struct()
            .entries()
            .forEach(e -> nestedObjects(e.value()).forEach(n -> nested.add(n.id())));
      }
    }
    // Per kind, what is wrong at each node; reported where every kind agrees it is wrong.
    Map<Long, Finding> common = null;
    for (MutationTargets.Target target : targets) {
      Map<Long, Finding> found = new LinkedHashMap<>();
      for (CelExpr struct : structs) {
        if (patchType == MutatingPolicy.PatchType.JSON_PATCH) {
          pointers(struct, target.schema(), found);
        } else {
          fields(struct, target.schema(), ast, !nested.contains(struct.id()), found);
        }
      }
      if (common == null) {
        common = found;
      } else {
        common.keySet().retainAll(found.keySet());
      }
    }
    String kinds = String.join(", ", targets.stream().map(MutationTargets.Target::name).toList());
    for (Finding f : common.values()) {
      out.add(
          place(
              new Finding(f.code(), f.exprId(), f.message() + " (" + kinds + ")", f.fieldKey()),
              ast,
              expression));
    }
    return out;
  }

  private static Diagnostic place(Finding f, CelAbstractSyntaxTree ast, Expression expression) {
    return Diagnostic.warning(f.code(), locate(f, ast, expression), f.message());
  }

  /**
   * Where a finding is: its node, or for a struct field (which CEL places at its colon) the field's
   * name before it.
   */
  private static dev.celador.engine.internal.source.SourceLocation locate(
      Finding f, CelAbstractSyntaxTree ast, Expression expression) {
    Integer offset = ast.getSource().getPositionsMap().get(f.exprId());
    if (f.fieldKey() == null || offset == null) {
      return CelIssues.locate(ast, f.exprId(), expression);
    }
    String text = ast.getSource().getContent().toString();
    int at = text.offsetByCodePoints(0, Math.min(offset, text.codePointCount(0, text.length())));
    int key = text.lastIndexOf(f.fieldKey(), at);
    return key < 0
        ? CelIssues.locate(ast, f.exprId(), expression)
        : CelIssues.locateOffset(ast, text.codePointCount(0, key), expression);
  }

  /** Literal {@code op}s of {@code JSONPatch{...}} that are no JSON Patch operation. */
  private static List<Finding> ops(List<CelExpr> structs) {
    List<Finding> out = new ArrayList<>();
    for (CelExpr struct : structs) {
      if (!struct.struct().messageName().equals(MutationCel.JSON_PATCH.name())) {
        continue;
      }
      for (CelExpr.CelStruct.Entry e : struct.struct().entries()) {
        Optional<String> op = literal(e.value());
        if (e.fieldKey().equals("op") && op.isPresent() && !OPS.contains(op.get())) {
          out.add(
              new Finding(
                  INVALID_OP,
                  e.value().id(),
                  "JSON Patch op \""
                      + op.get()
                      + "\" is none of add, remove, replace, copy, move, test; kube-apiserver"
                      + " fails the mutation: Unexpected kind: "
                      + op.get()));
        }
      }
    }
    return out;
  }

  /** Literal {@code path} and {@code from} pointers that lead nowhere in {@code root}. */
  private static void pointers(CelExpr struct, SchemaNode root, Map<Long, Finding> out) {
    if (!struct.struct().messageName().equals(MutationCel.JSON_PATCH.name())) {
      return;
    }
    for (CelExpr.CelStruct.Entry e : struct.struct().entries()) {
      Optional<String> pointer = literal(e.value());
      if ((e.fieldKey().equals("path") || e.fieldKey().equals("from"))
          && pointer.isPresent()
          && pointer.get().startsWith("/")) {
        String problem = pointerProblem(pointer.get(), root);
        if (problem != null) {
          out.put(
              e.value().id(),
              new Finding(
                  UNKNOWN_PATH,
                  e.value().id(),
                  "JSON Patch " + e.fieldKey() + " \"" + pointer.get() + "\": " + problem));
        }
      }
    }
  }

  /** Why {@code pointer} cannot address anything an object of {@code root} has, or null. */
  static String pointerProblem(String pointer, SchemaNode root) {
    SchemaNode node = root;
    StringBuilder at = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      switch (node.kind()) {
        case UNTYPED:
          return null;
        case STRUCT:
          at.append('.').append(token);
          Optional<SchemaNode> field = node.field(token);
          if (field.isEmpty()) {
            return at + ": field not declared in schema";
          }
          node = field.get();
          break;
        case MAP:
          at.append('.').append(token);
          node = node.element();
          break;
        case LIST:
          if (!token.equals("-") && !token.matches("0|[1-9][0-9]*")) {
            return at + ": a list, indexed by number or -, not \"" + token + "\"";
          }
          at.append('[').append(token).append(']');
          node = node.element();
          break;
        default:
          return at + ": a scalar has no field \"" + token + "\"";
      }
    }
    return null;
  }

  /**
   * {@code Object.<path>{...}} values nested under a field whose path their type name does not
   * follow, as kube-apiserver checks them before it applies the configuration.
   */
  private static List<Finding> typeNames(List<CelExpr> structs) {
    List<Finding> out = new ArrayList<>();
    for (CelExpr struct : structs) {
      String name = struct.struct().messageName();
      if (!isObject(name)) {
        continue;
      }
      for (CelExpr.CelStruct.Entry e : struct.struct().entries()) {
        for (CelExpr nested : nestedObjects(e.value())) {
          String expected = name + "." + e.fieldKey();
          String actual = nested.struct().messageName();
          if (!actual.equals(expected)) {
            out.add(
                new Finding(
                    TYPE_NAME_MISMATCH,
                    nested.id(),
                    "type mismatch: unexpected type name \""
                        + actual
                        + "\", expected \""
                        + expected
                        + "\", which matches field name path from root Object type"));
          }
        }
      }
    }
    return out;
  }

  /** The {@code Object...{}} literals a value is, or holds in list and map literals. */
  private static List<CelExpr> nestedObjects(CelExpr value) {
    List<CelExpr> out = new ArrayList<>();
    switch (value.getKind()) {
      case STRUCT -> {
        if (isObject(value.struct().messageName())) {
          out.add(value);
        }
      }
      case LIST -> value.list().elements().forEach(v -> out.addAll(nestedObjects(v)));
      case MAP -> value.map().entries().forEach(v -> out.addAll(nestedObjects(v.value())));
      default -> {}
    }
    return out;
  }

  /** Undeclared fields and ill-typed values of one {@code Object...{}} against {@code root}. */
  private static void fields(
      CelExpr struct,
      SchemaNode root,
      CelAbstractSyntaxTree ast,
      boolean outermost,
      Map<Long, Finding> out) {
    String name = struct.struct().messageName();
    if (!isObject(name)) {
      return;
    }
    SchemaNode node = root;
    StringBuilder path = new StringBuilder();
    for (String segment : segments(name)) {
      node = item(node);
      path.append('.').append(segment);
      if (node.kind() != SchemaNode.Kind.STRUCT) {
        return; // untyped below, or a misplaced type the name check reports
      }
      Optional<SchemaNode> field = node.field(segment);
      if (field.isEmpty()) {
        if (outermost) {
          out.put(
              struct.id(),
              new Finding(UNDECLARED_FIELD, struct.id(), path + ": field not declared in schema"));
        }
        return;
      }
      node = field.get();
    }
    node = item(node);
    if (node.kind() != SchemaNode.Kind.STRUCT) {
      return;
    }
    for (CelExpr.CelStruct.Entry e : struct.struct().entries()) {
      String at = path + "." + e.fieldKey();
      Optional<SchemaNode> field = node.field(e.fieldKey());
      if (field.isEmpty()) {
        out.put(
            e.id(),
            new Finding(
                UNDECLARED_FIELD, e.id(), at + ": field not declared in schema", e.fieldKey()));
        continue;
      }
      String problem = valueProblem(field.get(), e.value(), ast);
      if (problem != null) {
        out.put(e.id(), new Finding(TYPE_MISMATCH, e.value().id(), at + ": " + problem));
      }
    }
  }

  /**
   * Why a value of {@code value}'s static CEL type cannot be {@code schema}'s, in
   * structured-merge-diff's words, or null (fits, or not known before evaluation: dyn, null).
   */
  private static String valueProblem(SchemaNode schema, CelExpr value, CelAbstractSyntaxTree ast) {
    CelKind kind =
        value.getKind() == CelExpr.ExprKind.Kind.STRUCT
            ? CelKind.MAP
            : ast.getType(value.id()).map(t -> t.kind()).orElse(CelKind.DYN);
    String got = describe(kind);
    if (got == null) {
      return null;
    }
    return switch (schema.kind()) {
      case STRUCT, MAP -> kind == CelKind.MAP ? null : "expected map, got " + got;
      case LIST -> kind == CelKind.LIST ? null : "expected list, got " + got;
      case SCALAR -> scalarProblem(schema.scalar(), kind, got);
      default -> null;
    };
  }

  private static String scalarProblem(SchemaNode.Scalar scalar, CelKind kind, String got) {
    boolean number = kind == CelKind.INT || kind == CelKind.UINT || kind == CelKind.DOUBLE;
    boolean fits =
        switch (scalar) {
          case NUMERIC -> number;
          case STRING -> kind == CelKind.STRING;
          case BOOLEAN -> kind == CelKind.BOOL;
          case ANY -> kind != CelKind.MAP && kind != CelKind.LIST;
        };
    return fits ? null : scalar.expected(got);
  }

  /** A CEL type as the message names it; null when the value's type is only known at runtime. */
  private static String describe(CelKind kind) {
    return switch (kind) {
      case STRING -> "string";
      case INT -> "int";
      case UINT -> "uint";
      case DOUBLE -> "double";
      case BOOL -> "bool";
      case BYTES -> "bytes";
      case LIST -> "list";
      case MAP -> "map";
      case TIMESTAMP -> "timestamp";
      case DURATION -> "duration";
      default -> null;
    };
  }

  /** A list's or map's element type, down to what an {@code Object...{}} literal stands for. */
  private static SchemaNode item(SchemaNode node) {
    SchemaNode n = node;
    while (n.kind() == SchemaNode.Kind.LIST || n.kind() == SchemaNode.Kind.MAP) {
      n = n.element();
    }
    return n;
  }

  /** The field names of an {@code Object.a.b} type name: {@code [a, b]}. */
  private static List<String> segments(String typeName) {
    return typeName.equals(OBJECT)
        ? List.of()
        : List.of(typeName.substring(OBJECT.length() + 1).split("\\."));
  }

  private static boolean isObject(String name) {
    return name.equals(OBJECT) || name.startsWith(OBJECT + ".");
  }

  private static Optional<String> literal(CelExpr value) {
    return value.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && value.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? Optional.of(value.constant().stringValue())
        : Optional.empty();
  }
}
