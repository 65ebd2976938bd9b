package dev.celador.engine.internal.cel;

import static dev.celador.engine.Policies.compileOrFail;
import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.SourceLocation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expressions that loop or grow values run under the HTTP meter and stop at its limits. */
class MeteredEvaluationTest {

  private static Decision run(String when) {
    var set = compileOrFail(policy("hostile", Action.ALLOW).rule("r", when).build());
    return set.evaluate(request("a", "b", "GET", "/", Map.of()), true);
  }

  @Test
  @Timeout(10)
  void evaluate_nestedComprehensions_stopAtIterationLimit() {
    // 30^3 iterations, cheap enough to load (CostLimit); the iteration cap stops it at 10,000.
    String list = "[" + "1,".repeat(29) + "1]";
    Decision d = run(list + ".all(a, " + list + ".all(b, " + list + ".all(c, a + b + c > 0)))");
    assertThat(d.allowed()).isFalse();
    assertThat(d.evaluationError()).isTrue();
    assertThat(d.reasons().get(0))
        .containsAnyOf("Iteration budget exceeded", "cost limit exceeded");
  }

  @Test
  @Timeout(10)
  void evaluate_doublingStrings_stopAtSizeLimit() {
    // Each bind doubles the string: 2 Mi characters at the end, over the 1 Mi limit, while the
    // load-time estimate (about 420,000) lets it load.
    StringBuilder expr = new StringBuilder("cel.bind(s0, 'xxxxxxxxxxxxxxxx', ");
    for (int i = 1; i <= 17; i++) {
      expr.append("cel.bind(s")
          .append(i)
          .append(", s")
          .append(i - 1)
          .append(" + s")
          .append(i - 1)
          .append(", ");
    }
    expr.append("size(s17) > 0").append(")".repeat(18));
    Decision d = run(expr.toString());
    assertThat(d.allowed()).isFalse();
    assertThat(d.evaluationError()).isTrue();
    assertThat(d.reasons().get(0)).contains("cost limit exceeded");
  }

  @Test
  @Timeout(10)
  void evaluate_growingLists_stopAtCollectionOrIterationLimit() {
    String list = "[" + "1,".repeat(999) + "1]";
    Decision d = run(list + ".map(a, " + list + ").size() > 0");
    assertThat(d.allowed()).isFalse();
    assertThat(d.evaluationError()).isTrue();
  }

  @Test
  @Timeout(10)
  void evaluate_mapOverHundredsOfElements_fitsAndOverThousandsIsRefused() {
    // cel-java copies the accumulated list on every step: n^2/2 elements, capped at 64 Ki.
    String threeHundred = "[" + "1,".repeat(299) + "1]";
    assertThat(run(threeHundred + ".map(x, x + 1).size() == 300").allowed()).isTrue();
    String thousand = "[" + "1,".repeat(999) + "1]";
    Decision d = run(thousand + ".map(x, x + 1).size() == 1000");
    assertThat(d.allowed()).isFalse();
    assertThat(d.reasons().get(0)).contains("cost limit exceeded: add_list would build");
  }

  @Test
  void classify_plainComparisons_runUnmetered() {
    var set =
        compileOrFail(
            policy("p", Action.ALLOW)
                .rule("r", "request.method == 'GET' && request.path.startsWith('/a')")
                .build());
    assertThat(set.policies().get(0).rules().get(0).when().metered()).isFalse();
    var loops =
        compileOrFail(policy("p", Action.ALLOW).rule("r", "[1,2].exists(x, x == 1)").build());
    assertThat(loops.policies().get(0).rules().get(0).when().metered()).isTrue();
  }

  @Test
  void classify_searchesForRequestData_areMetered() {
    assertThat(metered("request.path.contains('/admin') && request.path.matches('^/a')")).isFalse();
    assertThat(metered("request.path.contains(request.headers['x'])")).isTrue();
    assertThat(metered("request.path.indexOf(request.headers['x'], 1) > 0")).isTrue();
    assertThat(metered("matches(request.path, request.headers['x-re'])")).isTrue();
  }

  /** Classified without the load-time estimate, which refuses searches over whole headers. */
  private static boolean metered(String when) {
    var compiled =
        new ExpressionCompiler(new CostLimit(DeclaredSizes.HTTP, Long.MAX_VALUE))
            .compile(Expression.at(when, new SourceLocation("t.yaml", 1, 1)), SimpleType.BOOL, "r");
    assertThat(compiled.diagnostics()).isEmpty();
    return compiled.expression().metered();
  }

  @Test
  void limits_areSane() {
    assertThat(Duration.ofMillis(CelLimits.MAX_ITERATIONS)).isLessThan(Duration.ofMinutes(1));
  }
}
