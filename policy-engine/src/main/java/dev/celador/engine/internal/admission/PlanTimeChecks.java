package dev.celador.engine.internal.admission;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-apiserver finds wrong when it plans a program, before any request: cel-go folds type
 * conversions of constants ({@code int('abc')}, {@code uint(-1)}), compiles constant regular
 * expressions of {@code find} and {@code findAll}, and the strings extension checks a constant
 * {@code format} call. An error there refuses the policy, so Celador refuses it on load too.
 */
final class PlanTimeChecks {

  private static final Set<String> CONVERSIONS =
      Set.of(
          "bool",
          "bytes",
          "double",
          "duration",
          "dyn",
          "int",
          "string",
          "timestamp",
          "type",
          "uint");
  private static final Set<String> REGEX_MEMBERS = Set.of("find", "findAll");

  private PlanTimeChecks() {}

  /** Why planning {@code ast} fails in kube-apiserver, if it does. */
  static Optional<String> problem(Cel env, CelAbstractSyntaxTree ast) {
    for (CelNavigableExpr node : CelNavigableAst.fromAst(ast).getRoot().allNodes().toList()) {
      CelExpr expr = node.expr();
      if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
        continue;
      }
      CelExpr.CelCall call = expr.call();
      String function = call.function();
      boolean member = call.target().isPresent();
      Optional<String> problem = Optional.empty();
      if (!member && CONVERSIONS.contains(function) && call.args().size() == 1) {
        if (isConstant(call.args().get(0), true)) {
          problem = evaluate(env, expr, ast).map(p -> "program instantiation failed: " + p);
        }
      } else if (member && REGEX_MEMBERS.contains(function) && !call.args().isEmpty()) {
        CelExpr pattern = call.args().get(0);
        if (pattern.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && pattern.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE) {
          problem =
              regex(pattern.constant().stringValue())
                  .map(p -> "program instantiation failed: " + p);
        }
      } else if (member
          && function.equals("format")
          && isConstant(call.target().get(), false)
          && call.args().size() == 1
          && isConstant(call.args().get(0), false)) {
        // cel-go checks format calls by type when compiling; dyn() arguments escape the check.
        problem = evaluate(env, expr, ast);
      }
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /**
   * Literals, lists and maps of them, and conversions of them: what cel-go plans as constant
   * ({@code dyn(...)} only when {@code dynToo}).
   */
  private static boolean isConstant(CelExpr e, boolean dynToo) {
    return switch (e.getKind()) {
      case CONSTANT -> true;
      case LIST -> e.list().elements().stream().allMatch(x -> isConstant(x, dynToo));
      case MAP ->
          e.map().entries().stream()
              .allMatch(en -> isConstant(en.key(), dynToo) && isConstant(en.value(), dynToo));
      case CALL ->
          e.call().target().isEmpty()
              && CONVERSIONS.contains(e.call().function())
              && (dynToo || !e.call().function().equals("dyn"))
              && e.call().args().size() == 1
              && isConstant(e.call().args().get(0), dynToo);
      default -> false;
    };
  }

  private static Optional<String> evaluate(Cel env, CelExpr expr, CelAbstractSyntaxTree ast) {
    try {
      CelAbstractSyntaxTree sub =
          env.check(CelAbstractSyntaxTree.newParsedAst(expr, ast.getSource())).getAst();
      env.createProgram(sub).eval(Map.of());
      return Optional.empty();
    } catch (CelEvaluationException e) {
      return Optional.of(CelErrors.describe(e));
    } catch (CelValidationException | RuntimeException e) {
      return Optional.empty(); // not something this check can judge; evaluation will say
    }
  }

  private static Optional<String> regex(String pattern) {
    try {
      com.google.re2j.Pattern.compile(pattern);
      return Optional.empty();
    } catch (com.google.re2j.PatternSyntaxException e) {
      return Optional.of(e.getMessage());
    }
  }
}
