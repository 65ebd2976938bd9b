package dev.celador.engine.internal.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.AstDepthLimitValidator;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.RegexLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Compiles CEL expressions of HTTP authorization policies against the typed {@link CelVocabulary}
 * and turns every CEL issue into a {@link Diagnostic} at its absolute file position. Immutable and
 * thread-safe; build once per policy load.
 */
public final class ExpressionCompiler {

  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableOptionalSyntax(true)
          .comprehensionMaxIterations(CelLimits.MAX_ITERATIONS)
          .maxExpressionCodePointSize(CelLimits.MAX_EXPRESSION_LENGTH)
          .maxParseRecursionDepth(CelLimits.MAX_PARSE_RECURSION)
          .maxRegexProgramSize(CelLimits.MAX_REGEX_PROGRAM_SIZE)
          .build();

  private final Cel cel;
  private final CelValidator validator;
  private final CostLimit costLimit;

  public ExpressionCompiler() {
    this(CostLimit.HTTP);
  }

  /**
   * @param costLimit the load-time estimate's sizes and limit. Tests of the run-time meter pass an
   *     unbounded limit: the meter must hold where the declared sizes do not, e.g. for a gRPC
   *     client that sends more than Envoy would forward.
   */
  ExpressionCompiler(CostLimit costLimit) {
    this.costLimit = costLimit;
    // replace() is left out: one call can multiply a string's size beyond what a meter catches.
    EnumSet<CelStringExtensions.Function> strings =
        EnumSet.complementOf(EnumSet.of(CelStringExtensions.Function.REPLACE));
    this.cel =
        CelFactory.plannerCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(CelVocabulary.TYPES)
            .addVarDeclarations(CelVocabulary.VARIABLES)
            .addCompilerLibraries(
                CelExtensions.strings(strings),
                CelExtensions.math(),
                CelExtensions.sets(OPTIONS),
                CelExtensions.bindings(),
                CelExtensions.optional(),
                CelExtensions.comprehensions())
            // Growing overloads charge the evaluation's meter before they run.
            .setStandardFunctions(MeteredCalls.standardFunctions((function, overload) -> true))
            .addFunctionBindings(MeteredCalls.standardBindings(OPTIONS))
            .addRuntimeLibraries(
                MeteredCalls.library(CelExtensions.strings(strings)),
                CelExtensions.math(),
                MeteredCalls.library(CelExtensions.sets(OPTIONS)),
                CelExtensions.optional(),
                CelExtensions.comprehensions())
            .build();
    this.validator =
        CelValidatorFactory.standardCelValidatorBuilder(cel)
            .addAstValidators(
                AstDepthLimitValidator.newInstance(CelLimits.MAX_AST_DEPTH),
                RegexLiteralValidator.INSTANCE,
                DurationLiteralValidator.INSTANCE,
                TimestampLiteralValidator.INSTANCE)
            .build();
  }

  /**
   * Compiles {@code expression}, which must produce {@code resultType} (or dyn, checked when it
   * runs). {@code what} names the field in messages, e.g. "rule 'reads': when".
   */
  public Result compile(Expression expression, CelType resultType, String what) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    CelValidationResult parsed = cel.parse(expression.text());
    if (parsed.hasError()) {
      report(parsed.getErrors(), expression, "syntax_error", diagnostics);
      return new Result(null, diagnostics);
    }
    CelValidationResult checked;
    try {
      checked = cel.check(parsed.getAst());
    } catch (CelValidationException e) {
      report(e.getErrors(), expression, "type_error", diagnostics);
      return new Result(null, diagnostics);
    }
    if (checked.hasError()) {
      report(checked.getErrors(), expression, null, diagnostics);
      return new Result(null, diagnostics);
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = checked.getAst();
    } catch (CelValidationException e) {
      report(e.getErrors(), expression, "type_error", diagnostics);
      return new Result(null, diagnostics);
    }
    CelType actual = ast.getResultType();
    if (!actual.equals(resultType) && !actual.equals(SimpleType.DYN)) {
      diagnostics.add(
          Diagnostic.error(
              "wrong_result_type",
              expression.location(),
              what + " must be of type " + resultType.name() + ", got " + actual.name()));
      return new Result(null, diagnostics);
    }
    CelValidationResult validated = validator.validate(ast);
    if (validated.hasError()) {
      report(validated.getErrors(), expression, null, diagnostics);
      return new Result(null, diagnostics);
    }
    var overBudget = costLimit.check(ast, expression, what);
    if (overBudget.isPresent()) {
      diagnostics.add(overBudget.get());
      return new Result(null, diagnostics);
    }
    try {
      GuardExtractor.Guards guards =
          resultType.equals(SimpleType.BOOL)
              ? GuardExtractor.extractAll(ast)
              : new GuardExtractor.Guards(List.of(), false);
      return new Result(
          new CompiledExpression(
              expression,
              cel.createProgram(ast),
              CostClassifier.needsMeter(ast),
              guards.guards(),
              guards.complete(),
              GuardExtractor.plainAttribute(ast),
              CostClassifier.scanFactor(ast)),
          diagnostics);
    } catch (CelEvaluationException e) {
      diagnostics.add(Diagnostic.error("plan_error", expression.location(), e.getMessage()));
      return new Result(null, diagnostics);
    }
  }

  private static void report(
      List<CelIssue> issues, Expression expression, String code, List<Diagnostic> out) {
    CelIssues.report(issues, expression, code, out);
  }

  /** Maps CEL's messages onto stable codes that tools can match. */
  static String classify(String message) {
    return CelIssues.classify(message);
  }

  /** One line per diagnostic; see {@link CelIssues#tidy}. */
  static String tidy(String message) {
    return CelIssues.tidy(message);
  }

  /** A compiled expression, or the diagnostics explaining why there is none. */
  public record Result(CompiledExpression expression, List<Diagnostic> diagnostics) {
    public boolean ok() {
      return expression != null;
    }
  }
}
