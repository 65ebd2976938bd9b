package dev.celador.engine.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import org.junit.jupiter.api.Test;

/**
 * Worst-case costs of representative HTTP expressions against hand-computed ones. The sizes are
 * {@link DeclaredSizes#HTTP}: 65,536 characters for the path and each header, 16,384 headers, a 4
 * MiB body. Each comment is the computation, in cel-go's units.
 */
class CostEstimatorTest {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(ExpressionCompiler.OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setTypeProvider(CelVocabulary.TYPES)
          .addVarDeclarations(CelVocabulary.VARIABLES)
          .addCompilerLibraries(
              CelExtensions.strings(),
              CelExtensions.math(),
              CelExtensions.sets(ExpressionCompiler.OPTIONS),
              CelExtensions.bindings(),
              CelExtensions.optional(),
              CelExtensions.comprehensions())
          .build();

  static long cost(String expression) {
    try {
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      return CostLimit.HTTP.estimate(ast).cost();
    } catch (CelValidationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void estimate_equalityWithLiteral_isBoundedByTheLiteral() {
    // request (1) + .method (1) + == over min(65,536, 3) characters: ceil(0.3) = 1.
    assertThat(cost("request.method == 'GET'")).isEqualTo(3);
  }

  @Test
  void estimate_equalityOfTwoInputs_walksTheShorter() {
    // 2 + 2 + ceil(65,536 * 0.1) = 6,554.
    assertThat(cost("source.namespace == destination.namespace")).isEqualTo(6_558);
  }

  @Test
  void estimate_startsWith_walksThePrefix() {
    assertThat(cost("request.url_path.startsWith('/api/orders')")).isEqualTo(2 + 2);
  }

  @Test
  void estimate_matches_multipliesTextByPattern() {
    // ceil((65,536 + 1) * 0.1) = 6,554 times ceil(26 * 0.25) = 7, plus request.url_path (2).
    assertThat(cost("request.url_path.matches('^/v1/orders/[A-Za-z0-9-]+$')"))
        .isEqualTo(6_554 * 7 + 2);
  }

  @Test
  void estimate_bodyContains_walksTheWholeBody() {
    // ceil(4,194,304 * 0.1) = 419,431 times ceil(1 * 0.1) = 1.
    assertThat(cost("request.body.contains('x')")).isEqualTo(419_431 + 2);
  }

  @Test
  void estimate_headerIndex_usesTheDeclaredValueSize() {
    // request.headers (2) + index (1), then contains: ceil(6,553.6) * ceil(0.3) = 6,554.
    assertThat(cost("request.headers['x-api-key'].contains('abc')")).isEqualTo(3 + 6_554);
  }

  @Test
  void estimate_loopOverHeaders_multipliesByTheHeaderCount() {
    // range 2; condition @not_strictly_false(!__result__) 3; step __result__ || k.startsWith()
    // 1 + 1 + 1 = 3; result 1; 16,384 iterations of 6.
    assertThat(cost("request.headers.exists(k, k.startsWith('x-'))"))
        .isEqualTo(2 + 1 + 16_384L * 6);
  }

  @Test
  void estimate_nestedLoopsOverHeaders_areQuadratic() {
    // all(): condition @not_strictly_false(__result__) 2, step __result__ && body 1 + body.
    // Inner body v.contains(v2): 2 + ceil(6,553.6) * ceil(6,553.6).
    long innerStep = 2 + 1 + 2 + 6_554L * 6_554;
    long inner = 2 + 1 + 16_384L * innerStep;
    long outer = 2 + 1 + 16_384L * (2 + 1 + inner);
    assertThat(cost("request.headers.all(k, v, request.headers.all(k2, v2, v.contains(v2)))"))
        .isEqualTo(outer)
        .isGreaterThan(10_000_000_000_000_000L);
  }

  @Test
  void estimate_mapOverLiteralList_countsItsElements() {
    // list 10, accumulator [] 10, result 1; each of 3 steps: __result__ + [x * 2] = 1 + 12 + 1.
    assertThat(cost("[1, 2, 3].map(x, x * 2)")).isEqualTo(10 + 10 + 1 + 3 * 14);
  }

  @Test
  void estimate_bindCarriesTheSizeOfItsValue() {
    // The bind's empty range (10, as cel-go keeps it); b: 8 Mi characters (838,861 to build it,
    // plus 4 to read the body twice); b + b copies 16 Mi: 1,677,722; size 1; > 1.
    assertThat(cost("cel.bind(b, request.body + request.body, (b + b).size() > 0)"))
        .isEqualTo(10 + 838_861 + 4 + 1 + 1 + 1_677_722 + 1 + 1);
  }

  @Test
  void estimate_listsThatMultiply_growWithEachLevel() {
    String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    long cheap = cost(ten + ".all(a, a > 0)");
    long deep =
        cost(ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, request.body.contains('x'))))");
    assertThat(cheap).isLessThan(100);
    assertThat(deep).isGreaterThan(1_000L * 419_431);
  }

  @Test
  void estimate_setsContains_multipliesBothSizes() {
    // jwt.scopes: 6,144 items; [..] two items: 6,144 * 2 + 1, plus 2 + 10.
    assertThat(cost("sets.contains(jwt.scopes, ['a', 'b'])")).isEqualTo(6_144 * 2 + 1 + 2 + 10);
  }

  @Test
  void estimate_joinOfSplit_boundsByTheInput() {
    long cost = cost("request.path.split('/').join('-') == ''");
    // split: ceil(65,536 * 0.2) = 13,108; join: up to 65,536 parts of 65,536 characters.
    assertThat(cost).isGreaterThan(CostLimit.PER_CALL_LIMIT);
  }

  @Test
  void estimate_optionalHeader_keepsTheHeaderSize() {
    // request.headers (2), [?] 1, orValue 1, then size (1) compared (1).
    assertThat(cost("request.headers[?'x-id'].orValue('').size() < 64")).isEqualTo(6);
    assertThat(cost("request.headers[?'x-id'].orValue('').contains('a')")).isEqualTo(4 + 6_554);
  }

  @Test
  void estimate_stringOfNumber_isShort() {
    // string(int) prints at most 40 characters: '+' copies 40 + 65,536; != '' walks nothing.
    assertThat(cost("string(source.port) + source.address != ''")).isEqualTo(2 + 1 + 2 + 6_558);
  }

  @Test
  void estimate_twoVariableLoopOverClaims_usesThePayloadBound() {
    // jwt.claims: 12,288 bytes of JSON, so at most 6,144 entries; each step compares a key.
    long cost = cost("jwt.claims.exists(k, v, k == 'admin')");
    assertThat(cost).isEqualTo(2 + 1 + 6_144L * (3 + 1 + 1 + 1));
  }

  @Test
  void format_largeAndUnbounded_readable() {
    assertThat(CostLimit.format(1_234_567)).isEqualTo("1,234,567");
    assertThat(CostLimit.format(4_200_000_000L)).isEqualTo("4.2e9");
    assertThat(CostLimit.format(CostEstimator.UNBOUNDED)).isEqualTo("unbounded");
  }
}
