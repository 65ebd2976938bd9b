package dev.celador.engine.internal.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link RuleGuard}s among the top-level {@code &&} conjuncts of a checked expression.
 */
final class GuardExtractor {

  private static final Set<String> STRUCT_VARIABLES =
      Set.of("request", "source", "destination", "connection");

  private final CelAbstractSyntaxTree ast;

  private GuardExtractor(CelAbstractSyntaxTree ast) {
    this.ast = ast;
  }

  static List<RuleGuard> extract(CelAbstractSyntaxTree ast) {
    return extractAll(ast).guards();
  }

  /** The guards, and whether they are every conjunct (then they decide the whole expression). */
  static Guards extractAll(CelAbstractSyntaxTree ast) {
    GuardExtractor extractor = new GuardExtractor(ast);
    List<RuleGuard> guards = new ArrayList<>();
    List<CelExpr> conjuncts = conjuncts(ast.getExpr(), new ArrayList<>());
    for (CelExpr conjunct : conjuncts) {
      extractor.guard(conjunct).ifPresent(guards::add);
    }
    return new Guards(List.copyOf(guards), guards.size() == conjuncts.size());
  }

  /**
   * The whole expression when it only reads a string attribute ({@code source.principal}, {@code
   * request.headers['x-tenant']}), as a reader Java can answer without CEL; else null.
   */
  static RuleGuard plainAttribute(CelAbstractSyntaxTree ast) {
    return new GuardExtractor(ast)
        .attribute(ast.getExpr(), RuleGuard.Op.EQUALS, Set.of())
        .orElse(null);
  }

  /**
   * @param complete every top-level conjunct is a guard
   */
  record Guards(List<RuleGuard> guards, boolean complete) {}

  private static List<CelExpr> conjuncts(CelExpr expr, List<CelExpr> out) {
    if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_&&_")) {
      expr.call().args().forEach(arg -> conjuncts(arg, out));
    } else {
      out.add(expr);
    }
    return out;
  }

  private Optional<RuleGuard> guard(CelExpr expr) {
    if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return Optional.empty();
    }
    var call = expr.call();
    List<CelExpr> args = call.args();
    switch (call.function()) {
      case "_==_", "_!=_" -> {
        RuleGuard.Op op =
            call.function().equals("_==_") ? RuleGuard.Op.EQUALS : RuleGuard.Op.NOT_EQUALS;
        Optional<RuleGuard> left = compare(args.get(0), args.get(1), op);
        return left.isPresent() ? left : compare(args.get(1), args.get(0), op);
      }
      case "@in" -> {
        Set<String> literals = stringList(args.get(1));
        return literals == null
            ? Optional.empty()
            : attribute(args.get(0), RuleGuard.Op.IN, literals);
      }
      case "startsWith", "endsWith", "contains" -> {
        if (call.target().isEmpty() || args.size() != 1) {
          return Optional.empty();
        }
        String literal = string(args.get(0));
        RuleGuard.Op op =
            switch (call.function()) {
              case "startsWith" -> RuleGuard.Op.STARTS_WITH;
              case "endsWith" -> RuleGuard.Op.ENDS_WITH;
              default -> RuleGuard.Op.CONTAINS;
            };
        return literal == null
            ? Optional.empty()
            : attribute(call.target().get(), op, Set.of(literal));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private Optional<RuleGuard> compare(CelExpr attribute, CelExpr literal, RuleGuard.Op op) {
    String value = string(literal);
    return value == null ? Optional.empty() : attribute(attribute, op, Set.of(value));
  }

  /**
   * Matches {@code var.field}, {@code request.headers['k']} and {@code context['k']} of type
   * string.
   */
  private Optional<RuleGuard> attribute(CelExpr expr, RuleGuard.Op op, Set<String> values) {
    if (!ast.getType(expr.id()).map(SimpleType.STRING::equals).orElse(false)) {
      return Optional.empty();
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()) {
      String variable = ident(expr.select().operand());
      if (variable != null && STRUCT_VARIABLES.contains(variable)) {
        return Optional.of(new RuleGuard(variable, expr.select().field(), null, op, values));
      }
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("_[_]")) {
      CelExpr container = expr.call().args().get(0);
      String key = string(expr.call().args().get(1));
      if (key == null) {
        return Optional.empty();
      }
      if ("context".equals(ident(container))) {
        return Optional.of(new RuleGuard("context", key, null, op, values));
      }
      if (container.getKind() == CelExpr.ExprKind.Kind.SELECT
          && container.select().field().equals("headers")
          && "request".equals(ident(container.select().operand()))) {
        return Optional.of(new RuleGuard("request", "headers", key, op, values));
      }
    }
    return Optional.empty();
  }

  private static String ident(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT ? expr.ident().name() : null;
  }

  private static String string(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? expr.constant().stringValue()
        : null;
  }

  private static Set<String> stringList(CelExpr expr) {
    if (expr.getKind() != CelExpr.ExprKind.Kind.LIST) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (CelExpr element : expr.list().elements()) {
      String s = string(element);
      if (s == null) {
        return null;
      }
      values.add(s);
    }
    return Set.copyOf(values);
  }
}
