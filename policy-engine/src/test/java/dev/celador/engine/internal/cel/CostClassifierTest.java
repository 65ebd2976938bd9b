package dev.celador.engine.internal.cel;

import static dev.celador.engine.Policies.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.celador.engine.internal.model.Expression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostClassifierTest {

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();

  // Without the load-time estimate, which refuses a pattern read from the request outright.
  private static final ExpressionCompiler UNESTIMATED =
      new ExpressionCompiler(new CostLimit(DeclaredSizes.HTTP, Long.MAX_VALUE));

  private static CompiledExpression compile(String text) {
    return compile(COMPILER, text);
  }

  private static CompiledExpression compile(ExpressionCompiler compiler, String text) {
    var result = compiler.compile(Expression.at(text, at(1, 1)), SimpleType.BOOL, "test");
    assertThat(result.ok()).as(result.diagnostics().toString()).isTrue();
    return result.expression();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "request.method == 'GET' && request.url_path.startsWith('/api/') ; 0",
        "request.url_path.contains('admin')                              ; 5",
        "request.url_path.contains('ab') || request.host.endsWith('x')   ; 2",
        "request.url_path.indexOf('ab') > 0 && request.host.contains('x') ; 3",
      })
  void scanFactor_literalNeedles_sumOfTheirLengths(String text, long factor) {
    CompiledExpression e = compile(text);

    assertThat(e.metered()).isFalse();
    assertThat(e.scanFactor()).isEqualTo(factor);
  }

  @Test
  void scanFactor_literalRegex_itsProgramSizeAndNotMetered() {
    CompiledExpression small = compile("request.url_path.matches('^/api/[0-9]+$')");
    CompiledExpression large = compile("request.headers['x-a'].matches('(x|y|a)*[ab]{20}c')");

    assertThat(small.metered()).isFalse();
    assertThat(large.metered()).isFalse();
    assertThat(small.scanFactor()).isPositive();
    // The counted repetition is expanded: at least 20 instructions more than the small one.
    assertThat(large.scanFactor()).isGreaterThan(small.scanFactor() + 20);
  }

  @Test
  void scanFactor_patternFromTheRequest_meteredInstead() {
    CompiledExpression e =
        compile(UNESTIMATED, "request.url_path.matches(request.headers['x-re'])");

    assertThat(e.metered()).isTrue();
    assertThat(e.scanFactor()).isZero();
  }
}
