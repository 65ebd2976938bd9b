package dev.celador.engine.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import java.util.Set;

/**
 * Decides, once at load time, whether an expression needs a {@link BudgetMeter}. Without loops, and
 * calling only functions whose cost is linear in their inputs, an expression's cost is bounded by
 * its size and the (bounded) request; those run on the fast path. Anything else is metered.
 */
final class CostClassifier {

  private static final Set<String> LINEAR_FUNCTIONS =
      Set.of(
          "_==_",
          "_!=_",
          "_<_",
          "_<=_",
          "_>_",
          "_>=_",
          "_&&_",
          "_||_",
          "!_",
          "_?_:_",
          "@in",
          "_[_]",
          "_[?_]",
          "-_",
          "_+_",
          "_-_",
          "_*_",
          "_/_",
          "_%_",
          "@not_strictly_false",
          "startsWith",
          "endsWith",
          "contains",
          "matches",
          "size",
          "int",
          "uint",
          "double",
          "string",
          "bool",
          "bytes",
          "timestamp",
          "duration",
          "type",
          "dyn",
          "lowerAscii",
          "upperAscii",
          "trim",
          "indexOf",
          "lastIndexOf",
          "charAt",
          "substring",
          "getFullYear",
          "getMonth",
          "getDayOfYear",
          "getDayOfMonth",
          "getDate",
          "getDayOfWeek",
          "getHours",
          "getMinutes",
          "getSeconds",
          "getMilliseconds",
          "optional.of",
          "optional.none",
          "optional.ofNonZeroValue",
          "hasValue",
          "value",
          "or",
          "orValue");

  private CostClassifier() {}

  static boolean needsMeter(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(node -> node.expr())
        .anyMatch(CostClassifier::mayBeExpensive);
  }

  /**
   * Searches that cost the product of two sizes, or a regex's program times the text: linear only
   * when the needle or pattern is a literal (a regex from the request is sized before compiling
   * either way).
   */
  private static final Set<String> PRODUCT_FUNCTIONS =
      Set.of("contains", "indexOf", "lastIndexOf", "matches");

  private static boolean mayBeExpensive(CelExpr expr) {
    return switch (expr.getKind()) {
      case COMPREHENSION -> true;
      case CALL -> {
        String function = expr.call().function();
        if (PRODUCT_FUNCTIONS.contains(function)) {
          var args = expr.call().args();
          // s.contains(x), s.indexOf(x, i): every argument; matches(s, re): the pattern
          var literal = expr.call().target().isPresent() ? args : args.subList(1, args.size());
          yield args.isEmpty()
              || literal.stream().anyMatch(a -> a.getKind() != CelExpr.ExprKind.Kind.CONSTANT);
        }
        yield !LINEAR_FUNCTIONS.contains(function);
      }
      default -> false;
    };
  }
}
