package dev.celador.engine.internal.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import java.util.List;
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

  /**
   * For an expression the meter leaves alone: how many steps per character of request data its
   * searches with a literal needle or pattern may take, summed over them (a needle's length, a
   * regex program's size); 0 without such searches. Each is linear in the text, but a 60 KiB header
   * times a 30-instruction program is milliseconds of CPU: a front door uses this with the
   * request's size to decide off the event loop what would hold it ({@code
   * CompiledPolicySet#mayBeCostly}).
   */
  static long scanFactor(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(node -> node.expr())
        .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.CALL)
        .mapToLong(CostClassifier::literalSearchFactor)
        .reduce(0, (a, b) -> Math.min(MAX_FACTOR, a + b));
  }

  /** Beyond any request's size budget: a larger factor says no more. */
  private static final long MAX_FACTOR = 1L << 30;

  private static long literalSearchFactor(CelExpr call) {
    String function = call.call().function();
    if (!PRODUCT_FUNCTIONS.contains(function)) {
      return 0;
    }
    List<CelExpr> args = call.call().args();
    if (args.isEmpty()) {
      return 0;
    }
    // s.matches(re) / s.contains(x): the first argument; matches(s, re): the second.
    CelExpr needle =
        call.call().target().isPresent() || args.size() < 2 ? args.get(0) : args.get(1);
    if (needle.getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || needle.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
      return 0; // not a literal: metered, see mayBeExpensive
    }
    String text = needle.constant().stringValue();
    return function.equals("matches")
        ? Math.max(1, RegexSize.estimate(text, MAX_FACTOR))
        : Math.max(1, text.length());
  }

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
