package dev.celador.engine.internal.cel;

import static dev.celador.engine.Policies.compile;
import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.SourceLocation;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The amplification attacks of issue 17 against HTTP authorization: each must end in a prompt
 * refusal that says why, having built little. Without charging before the call, the join case
 * builds a 268-million-character string and the sets case compares for about a minute.
 *
 * <p>Most of these expressions are also refused at load by their estimate ({@link CostLimit}); here
 * they are compiled without it, because the meter must hold where the declared input sizes do not
 * (a gRPC client sending more than Envoy forwards, a raised request-size limit).
 */
class HostileExpressionTest {

  private static final String MEBI = "x".repeat(1 << 20);
  private static final ExpressionCompiler METER_ONLY =
      new ExpressionCompiler(new CostLimit(DeclaredSizes.HTTP, Long.MAX_VALUE));
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  /** What the expression gave, or the error's message (with its causes), and the bytes built. */
  private record Measured(Object result, String error, long allocated) {}

  private static Measured run(String when, Map<String, String> headers) {
    ExpressionCompiler.Result compiled =
        METER_ONLY.compile(
            Expression.at(when, new SourceLocation("t.yaml", 1, 1)), SimpleType.BOOL, "r");
    assertThat(compiled.diagnostics()).isEmpty();
    var activation = new RequestActivation(request("a", "b", "GET", "/aaaa", headers), NOW);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Object result = null;
    String error = null;
    try {
      result = compiled.expression().evaluate(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      error = messages.toString();
    }
    return new Measured(result, error, threads.getCurrentThreadAllocatedBytes() - before);
  }

  private static void assertDeniedForCost(Measured m, String why) {
    assertThat(m.error()).as("result %s", m.result()).isNotNull().contains(why);
    assertThat(m.allocated()).as("bytes allocated").isLessThan(64L << 20);
  }

  /** The same expression, loaded as a policy, is refused by its estimate with a located error. */
  private static void assertRefusedAtLoad(String when) {
    var result = compile(policy("hostile", Action.ALLOW).rule("r", when).build());
    assertThat(result.diagnostics())
        .anySatisfy(d -> assertThat(d.code()).isEqualTo(CostLimit.CODE));
  }

  @Test
  @Timeout(10)
  void evaluate_joinOf256CopiesOfAMebibyte_isRefusedBeforeItBuilds() {
    String sixteen = "[" + "s,".repeat(15) + "s]";
    String when =
        "cel.bind(s, request.headers['x-big'], cel.bind(a, "
            + sixteen
            + ", cel.bind(b, "
            + "a+".repeat(15)
            + "a, b.join('').size() > 0)))";
    Measured m = run(when, Map.of("x-big", MEBI));
    assertDeniedForCost(
        m, "cost limit exceeded: list_join_string would build 268435712 characters");
    assertRefusedAtLoad(when);
  }

  @Test
  @Timeout(10)
  void evaluate_setsContainsOfTwoLargeListsBuiltByPlus_isRefusedBeforeComparing() {
    // 16 elements doubled ten times by list +: 16,384 each, no comprehension over them; 268 M
    // comparisons, seconds of CPU, without the charge. (The 65,536 elements are refused
    // earlier, for the elements they build.)
    StringBuilder expr = new StringBuilder("cel.bind(l0, [" + "1,".repeat(15) + "2], ");
    for (int i = 1; i <= 10; i++) {
      expr.append("cel.bind(l").append(i).append(", l").append(i - 1);
      expr.append(" + l").append(i - 1).append(", ");
    }
    expr.append("sets.contains(l10, l10 + [3]))").append(")".repeat(10));
    Measured m = run(expr.toString(), Map.of());
    assertDeniedForCost(m, "cost limit exceeded: list_sets_contains_list costs more than");
    assertRefusedAtLoad(expr.toString());
  }

  @Test
  @Timeout(10)
  void evaluate_setsContainsOfSplitHeaders_isRefusedWithoutAnyBind() {
    String big = "ab".repeat(10_000);
    Measured m =
        run(
            "sets.contains(request.headers['x-a'].split(''), request.headers['x-b'].split(''))",
            Map.of("x-a", big, "x-b", big));
    assertDeniedForCost(m, "cost limit exceeded: list_sets_contains_list");
    assertRefusedAtLoad(
        "sets.contains(request.headers['x-a'].split(''), request.headers['x-b'].split(''))");
  }

  @Test
  @Timeout(10)
  void evaluate_regexFromTheRequest_isSizedBeforeCompiling() {
    // 19 bytes that RE2J expands to a million instructions, taking seconds to compile.
    Measured m =
        run(
            "request.path.matches(request.headers['x-re'])",
            Map.of("x-re", "(((a{100}){100}){100})"));
    assertThat(m.error()).contains("exceeds allowed program size");
    assertThat(m.allocated()).isLessThan(8L << 20);
    assertRefusedAtLoad("request.path.matches(request.headers['x-re'])");
  }

  @Test
  @Timeout(10)
  void evaluate_stringConcatenationInALoop_isRefusedByCost() {
    Measured m =
        run(
            "cel.bind(s, request.headers['x-big'], "
                + "[1,2,3,4,5,6,7,8,9,10].map(i, s + s + s + s).size() > 0)",
            Map.of("x-big", MEBI));
    assertDeniedForCost(m, "cost limit exceeded: add_string would build 2097152 characters");
  }

  @Test
  @Timeout(10)
  void evaluate_listConcatenationInALoop_isBoundedByWhatItBuilds() {
    // Cheap in cel-go's units (list + costs 1) but a copy in cel-java: capped by what it builds.
    Measured m =
        run(
            "cel.bind(big, request.headers['x-big'].split(''), "
                + "[1,2,3,4,5,6,7,8,9,10].map(i, big + big + big).size() > 0)",
            Map.of("x-big", "y".repeat(50_000)));
    assertDeniedForCost(m, "cost limit exceeded: add_list would build");
  }

  @Test
  void evaluate_ordinaryUsesOfMeteredFunctions_stillWork() {
    Measured m =
        run(
            "['a','b'].join('-') == 'a-b' && 'x,y'.split(',').size() == 2"
                + " && request.path.matches('^/a+$') && 'AbC'.lowerAscii() == 'abc'"
                + " && sets.contains([1,2,3], [2]) && request.headers['x-h'] + '!' == 'hi!'"
                + " && [1] + [2] == [1,2]",
            Map.of("x-h", "hi"));
    assertThat(m.error()).isNull();
    assertThat(m.result()).isEqualTo(true);
  }
}
