package dev.celador.engine.internal.admission;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.celador.engine.internal.cel.FuzzExpressions;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any text as a ValidatingAdmissionPolicy validation expression (the Kubernetes CEL library, the
 * authorizer, variables of unknown type). Contract: {@link AdmissionCompiler#compile} never throws
 * and returns a compiled expression or error diagnostics. Evaluation of admission expressions is
 * fuzzed through the webhook's review target, against fixed policies.
 *
 * <p>Seeds: {@code AdmissionCompilerFuzzTestInputs/compile_anyExpression_compilesOrReports/}.
 */
class AdmissionCompilerFuzzTest {

  private static final AdmissionCompiler COMPILER = new AdmissionCompiler();

  @FuzzTest(maxDuration = "20s")
  void compile_anyExpression_compilesOrReports(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    AdmissionCompiler.Result result =
        COMPILER.compile(
            FuzzExpressions.of(text),
            AdmissionCel.Scope.VALIDATION,
            AdmissionCel.UNKNOWN_VARIABLES,
            List.of(),
            "spec.validations[0].expression");
    FuzzExpressions.assertResult(result.ok(), result.diagnostics());
  }
}
