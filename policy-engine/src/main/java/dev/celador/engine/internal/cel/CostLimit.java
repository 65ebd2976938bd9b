package dev.celador.engine.internal.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses, when a policy loads, an expression whose worst case ({@link CostEstimator}) is over a
 * budget, at the place in it where the cost comes from: the outermost loop or call whose own
 * estimate is already over. kube-apiserver refuses CRD validation rules the same way; it does not
 * estimate ValidatingAdmissionPolicy expressions (it only stops them while they run), so neither
 * does Celador.
 *
 * @param sizes the declared sizes of the expression's inputs
 * @param limit the most an expression may cost, in cel-go cost units
 */
public record CostLimit(DeclaredSizes sizes, long limit) {

  /** Diagnostic code of an expression over its budget. */
  public static final String CODE = "cost_limit";

  /** kube-apiserver's per-expression limit ({@code PerCallLimit}): about 50 ms of work. */
  public static final long PER_CALL_LIMIT = 1_000_000;

  /** AccessPolicy rules and headers, RateLimitPolicy keys and conditions. */
  public static final CostLimit HTTP = new CostLimit(DeclaredSizes.HTTP, PER_CALL_LIMIT);

  /** The estimate of {@code ast}, a type-checked expression. */
  public CostEstimator.Estimate estimate(CelAbstractSyntaxTree ast) {
    return CostEstimator.estimate(ast, sizes);
  }

  /**
   * An error at the costly part of {@code expression} if its estimate is over the limit.
   *
   * @param what names the field, e.g. "rule 'reads': when"
   */
  public Optional<Diagnostic> check(CelAbstractSyntaxTree ast, Expression expression, String what) {
    CostEstimator.Estimate estimate = estimate(ast);
    if (estimate.cost() <= limit) {
      return Optional.empty();
    }
    List<CelExpr> loops = new ArrayList<>();
    CelExpr hot = hotSpot(ast.getExpr(), estimate, loops);
    String message =
        what
            + ": estimated worst-case cost "
            + format(estimate.cost())
            + " exceeds the limit of "
            + String.format(Locale.ROOT, "%,d", limit)
            + explain(hot, estimate)
            + inside(loops, estimate)
            + "; use fewer or smaller inputs, or nest fewer loops";
    return Optional.of(Diagnostic.error(CODE, locate(ast, hot, expression), message));
  }

  /** The cost as people read it: 4,200 or 4.2e9, and "unbounded" when nothing bounds it. */
  public static String format(long cost) {
    if (cost == CostEstimator.UNBOUNDED) {
      return "unbounded";
    }
    if (cost < 10_000_000) {
      return String.format(Locale.ROOT, "%,d", cost);
    }
    String e = String.format(Locale.ROOT, "%.1e", (double) cost);
    int at = e.indexOf('e');
    return e.substring(0, at) + "e" + Integer.parseInt(e.substring(at + 1));
  }

  /**
   * Descends into the costliest child while that child alone is over the limit: the innermost part
   * that is too costly by itself. {@code loops} collects the loops it repeats in.
   */
  private CelExpr hotSpot(CelExpr root, CostEstimator.Estimate estimate, List<CelExpr> loops) {
    CelExpr at = root;
    while (true) {
      CelExpr next = null;
      for (CelExpr child : children(at)) {
        long cost = estimate.costOf(child.id());
        if (cost > limit && (next == null || cost > estimate.costOf(next.id()))) {
          next = child;
        }
      }
      if (next == null) {
        return at;
      }
      if (at.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION
          && estimate.iterationsOf(at.id()) != null
          && (next == at.comprehension().loopStep()
              || next == at.comprehension().loopCondition())) {
        loops.add(at);
      }
      at = next;
    }
  }

  private static String explain(CelExpr hot, CostEstimator.Estimate estimate) {
    if (hot.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      CelExpr.CelComprehension c = hot.comprehension();
      Long iterations = estimate.iterationsOf(hot.id());
      if (iterations == null) {
        return "";
      }
      long step =
          Saturating.add(
              estimate.costOf(c.loopCondition().id()), estimate.costOf(c.loopStep().id()));
      return ": " + loop(hot, estimate) + ", each costing up to " + format(step);
    }
    if (hot.getKind() == CelExpr.ExprKind.Kind.CALL) {
      long largest = 0;
      for (CelExpr operand : children(hot)) {
        largest = Math.max(largest, estimate.sizeOf(operand));
      }
      String fn = hot.call().function();
      return ": "
          + (fn.startsWith("_") || fn.startsWith("@") ? "an operator" : "'" + fn + "'")
          + " on values of up to "
          + count(largest)
          + " characters or elements costs up to "
          + format(estimate.costOf(hot.id()));
    }
    return "";
  }

  private static String inside(List<CelExpr> loops, CostEstimator.Estimate estimate) {
    if (loops.isEmpty()) {
      return "";
    }
    List<String> each = new ArrayList<>();
    for (CelExpr loop : loops) {
      each.add(loop(loop, estimate));
    }
    return ", repeated in " + String.join(" and ", each);
  }

  /** "up to 16,384 iterations over request.headers". */
  private static String loop(CelExpr comprehension, CostEstimator.Estimate estimate) {
    CelExpr range = comprehension.comprehension().iterRange();
    List<String> path = estimate.pathOf(range);
    String over =
        path != null
            ? String.join(".", path)
            : range.getKind() == CelExpr.ExprKind.Kind.LIST ? "a list literal" : "a computed value";
    return "up to " + count(estimate.iterationsOf(comprehension.id())) + " iterations over " + over;
  }

  private static String count(long n) {
    return n == CostEstimator.UNBOUNDED ? "unbounded" : String.format(Locale.ROOT, "%,d", n);
  }

  private static SourceLocation locate(
      CelAbstractSyntaxTree ast, CelExpr hot, Expression expression) {
    Integer offset = ast.getSource().getPositionsMap().get(hot.id());
    if (offset == null) {
      return expression.location();
    }
    return CelIssues.locateOffset(ast, nameBefore(expression.text(), offset), expression);
  }

  /**
   * CEL places a call (and a macro's loop) at its opening parenthesis; the caret reads better under
   * the function's name, so move back over it.
   */
  private static int nameBefore(String text, int offset) {
    if (offset > text.codePointCount(0, text.length()) - 1) {
      return offset;
    }
    int index = text.offsetByCodePoints(0, offset);
    if (text.charAt(index) != '(') {
      return offset;
    }
    int start = index;
    while (start > 0
        && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
      start--;
    }
    return offset - (index - start);
  }

  static List<CelExpr> children(CelExpr e) {
    List<CelExpr> children = new ArrayList<>();
    switch (e.getKind()) {
      case SELECT -> children.add(e.select().operand());
      case CALL -> {
        e.call().target().ifPresent(children::add);
        children.addAll(e.call().args());
      }
      case LIST -> children.addAll(e.list().elements());
      case MAP ->
          e.map()
              .entries()
              .forEach(
                  entry -> {
                    children.add(entry.key());
                    children.add(entry.value());
                  });
      case STRUCT -> e.struct().entries().forEach(field -> children.add(field.value()));
      case COMPREHENSION -> {
        var c = e.comprehension();
        children.addAll(
            List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result()));
      }
      default -> {}
    }
    return children;
  }
}
