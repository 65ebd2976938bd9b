package dev.celador.engine.internal.admission;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.StructType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.AstDepthLimitValidator;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.HomogeneousLiteralValidator;
import dev.cel.validator.validators.RegexLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import dev.celador.engine.internal.cel.CelIssues;
import dev.celador.engine.internal.cel.CelLimits;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles one admission expression in its scope, reporting every CEL issue at its absolute file
 * position. Literal regexes, durations and timestamps are validated at compile time, as the API
 * server does from compatibility version 1.29.
 */
final class AdmissionCompiler {

  private final AdmissionCel cel = new AdmissionCel();

  /**
   * A compiled expression with its result type and checked AST (for lint rules), or the diagnostics
   * saying why there is none.
   */
  public record Result(
      CompiledCel compiled, CelType type, CelAbstractSyntaxTree ast, List<Diagnostic> diagnostics) {

    static Result failed(List<Diagnostic> diagnostics) {
      return new Result(null, null, null, diagnostics);
    }

    public boolean ok() {
      return compiled != null;
    }
  }

  /**
   * Compiles {@code expression}; it must produce one of {@code allowed} (empty: any type).
   *
   * @param what names the field in messages, e.g. {@code spec.validations[0].expression}
   */
  public Result compile(
      Expression expression,
      AdmissionCel.Scope scope,
      StructType variables,
      List<CelType> allowed,
      String what) {
    return compile(expression, scope, variables, allowed, what, false);
  }

  /**
   * As {@link #compile(Expression, AdmissionCel.Scope, StructType, List, String)}; {@code mutating}
   * compiles in a mutating policy's environment ({@code JSONPatch}, {@code jsonpatch.escapeKey}).
   */
  public Result compile(
      Expression expression,
      AdmissionCel.Scope scope,
      StructType variables,
      List<CelType> allowed,
      String what,
      boolean mutating) {
    Cel env = cel.environment(scope, variables, mutating ? MutationCel.Types.NONE : null);
    List<Diagnostic> diagnostics = new ArrayList<>();
    CelAbstractSyntaxTree ast;
    try {
      CelValidationResult parsed = env.parse(expression.text());
      if (parsed.hasError()) {
        CelIssues.report(parsed.getErrors(), expression, "syntax_error", diagnostics);
        return Result.failed(diagnostics);
      }
      if (mutating) {
        // Object{...} types take any field: declare the ones this expression builds.
        env = cel.environment(scope, variables, MutationCel.Types.of(parsed.getAst()));
      }
      CelValidationResult checked = env.check(parsed.getAst());
      if (checked.hasError()) {
        CelIssues.report(checked.getErrors(), expression, null, diagnostics);
        return Result.failed(diagnostics);
      }
      ast = checked.getAst();
    } catch (CelValidationException e) {
      CelIssues.report(e.getErrors(), expression, "type_error", diagnostics);
      return Result.failed(diagnostics);
    }
    CelType type = ast.getResultType();
    // Exact types, as kube-apiserver checks them: a dyn result (say object.spec.enabled) is not a
    // bool, and the API server refuses the policy.
    if (!allowed.isEmpty() && !allowed.contains(type) && !sameStruct(allowed, type)) {
      String names =
          String.join(" or ", allowed.stream().map(AdmissionCompiler::typeName).toList());
      diagnostics.add(
          Diagnostic.error(
              "wrong_result_type",
              expression.location(),
              what + " must evaluate to " + names + ", got " + typeName(type)));
      return Result.failed(diagnostics);
    }
    CelValidationResult validated =
        CelValidatorFactory.standardCelValidatorBuilder(env)
            .addAstValidators(
                AstDepthLimitValidator.newInstance(CelLimits.MAX_AST_DEPTH),
                // kube-apiserver's HomogeneousAggregateLiterals: [1, 'a'] needs dyn(); the
                // strings extension exempts format's argument list, as cel-go's does.
                HomogeneousLiteralValidator.newInstance("format"),
                RegexLiteralValidator.INSTANCE,
                DurationLiteralValidator.INSTANCE,
                TimestampLiteralValidator.INSTANCE)
            .build()
            .validate(ast);
    if (validated.hasError()) {
      CelIssues.report(validated.getErrors(), expression, null, diagnostics);
      return Result.failed(diagnostics);
    }
    var planProblem = PlanTimeChecks.problem(env, ast);
    if (planProblem.isPresent()) {
      diagnostics.add(Diagnostic.error("plan_error", expression.location(), planProblem.get()));
      return Result.failed(diagnostics);
    }
    try {
      return new Result(
          new CompiledCel(expression, env.createProgram(ast)), type, ast, diagnostics);
    } catch (CelEvaluationException e) {
      diagnostics.add(Diagnostic.error("plan_error", expression.location(), e.getMessage()));
      return Result.failed(diagnostics);
    }
  }

  /** A type as CEL writes it, with the element types of lists and maps: {@code list(dyn)}. */
  private static String typeName(CelType type) {
    if (type instanceof dev.cel.common.types.ListType list) {
      return "list(" + typeName(list.elemType()) + ")";
    }
    if (type instanceof dev.cel.common.types.MapType map) {
      return "map(" + typeName(map.keyType()) + ", " + typeName(map.valueType()) + ")";
    }
    return type.name();
  }

  /**
   * Whether {@code type} is a struct named as one of {@code allowed} (Object types vary by field).
   */
  private static boolean sameStruct(List<CelType> allowed, CelType type) {
    return type instanceof StructType
        && allowed.stream().anyMatch(a -> a instanceof StructType && a.name().equals(type.name()));
  }
}
