package dev.celador.engine.internal.cel;

import static dev.celador.engine.Policies.at;
import static dev.celador.engine.Policies.compile;
import static dev.celador.engine.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expressions over the load-time cost limit are refused where their cost comes from. */
class CostLimitTest {

  private static List<Diagnostic> diagnostics(String when) {
    return compile(policy("p", Action.ALLOW).rule("r", when).build()).diagnostics();
  }

  @Test
  void compile_quadraticLoopOverHeaders_isLocatedCostError() {
    String when =
        "request.method == 'POST' && "
            + "request.headers.all(k, v, request.headers.all(k2, v2, v.contains(v2)))";

    List<Diagnostic> diagnostics = diagnostics(when);

    assertThat(diagnostics).hasSize(1);
    Diagnostic d = diagnostics.get(0);
    assertThat(d.code()).isEqualTo(CostLimit.CODE);
    assertThat(d.isError()).isTrue();
    // The rule's expression starts at column 13; the caret goes to the innermost part that is
    // over the limit by itself: contains() of two header values, 6,554 * 6,554.
    assertThat(d.location()).isEqualTo(at(10, 13 + when.indexOf("contains")));
    assertThat(d.message())
        .isEqualTo(
            "rule 'r': when: estimated worst-case cost 1.2e16 exceeds the limit of 1,000,000:"
                + " 'contains' on values of up to 65,536 characters or elements costs up to"
                + " 4.3e7, repeated in up to 16,384 iterations over request.headers and up to"
                + " 16,384 iterations over request.headers; use fewer or smaller inputs, or nest"
                + " fewer loops");
  }

  @Test
  void compile_cheapExpressions_load() {
    assertThat(diagnostics("request.headers.exists(k, k.startsWith('x-debug'))")).isEmpty();
    assertThat(diagnostics("request.url_path.matches('^/api/[a-z]+/[0-9]+$')")).isEmpty();
    assertThat(diagnostics("'admin' in jwt.scopes && jwt.claims.exists(k, v, k == 'role')"))
        .isEmpty();
  }

  @Test
  void compile_nestedLiteralLoopsOverTheBody_areRefused() {
    String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    List<Diagnostic> diagnostics =
        diagnostics(
            ten + ".exists(i, " + ten + ".exists(j, request.body.contains(string(i * j))))");

    assertThat(diagnostics).extracting(Diagnostic::code).containsExactly(CostLimit.CODE);
    // contains() alone is over: 419,431 for the body times 4 for a printed number (40 characters).
    assertThat(diagnostics.get(0).message())
        .contains("'contains' on values of up to 4,194,304 characters or elements costs up to")
        .contains("repeated in up to 10 iterations over a list literal and up to 10 iterations");
  }

  @Test
  void compile_doublingStringsPastTheMeter_areRefused() {
    // 40 doublings of 16 characters: 17.6e12 characters, refused before it runs once.
    StringBuilder expr = new StringBuilder("cel.bind(s0, 'xxxxxxxxxxxxxxxx', ");
    for (int i = 1; i <= 40; i++) {
      expr.append("cel.bind(s").append(i).append(", s").append(i - 1).append(" + s");
      expr.append(i - 1).append(", ");
    }
    expr.append("size(s40) > 0").append(")".repeat(41));

    assertThat(diagnostics(expr.toString()))
        .extracting(Diagnostic::code)
        .containsExactly(CostLimit.CODE);
  }

  @Test
  void compile_headerValueOverLimit_namesTheHeader() {
    var result =
        compile(
            policy("p", Action.ALLOW)
                .rule("r", "true")
                .header("x-all", "request.body + request.body + request.body")
                .build());

    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly(CostLimit.CODE);
    assertThat(result.diagnostics().get(0).message())
        .startsWith("header 'x-all': estimated worst-case cost 2,097,159 exceeds");
  }
}
