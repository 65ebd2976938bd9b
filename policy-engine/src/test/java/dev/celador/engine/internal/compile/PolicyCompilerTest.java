package dev.celador.engine.internal.compile;

import static dev.celador.engine.Policies.at;
import static dev.celador.engine.Policies.compile;
import static dev.celador.engine.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.Policies;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.AccessRule;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {

  @Test
  void compile_undeclaredVariable_reportsAbsolutePosition() {
    // The expression starts at test.yaml:10:13; CEL points at the '.' of a bad field selection.
    CompilationResult r =
        compile(policy("p", Action.ALLOW).rule("r", "request.x == claims.sub").build());
    assertThat(r.hasErrors()).isTrue();
    assertThat(r.diagnostics())
        .extracting(Diagnostic::headline)
        .contains("test.yaml:10:20: error[undefined_field]: undefined field 'x'")
        .anyMatch(
            h ->
                h.startsWith(
                    "test.yaml:10:26: error[undeclared_reference]: undeclared reference to 'claims'"));
  }

  @Test
  void compile_nonBoolWhen_reportsWrongResultType() {
    CompilationResult r = compile(policy("p", Action.ALLOW).rule("r", "request.method").build());
    assertThat(r.diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly(
            "test.yaml:10:13: error[wrong_result_type]: rule 'r': when must be of type bool, got string");
  }

  @Test
  void compile_badRegexLiteral_reportsInvalidRegex() {
    CompilationResult r =
        compile(policy("p", Action.ALLOW).rule("r", "request.path.matches('[a-')").build());
    assertThat(r.diagnostics())
        .singleElement()
        .satisfies(d -> assertThat(d.code()).isEqualTo("invalid_regex"));
  }

  @Test
  void compile_syntaxError_reportsSyntaxError() {
    CompilationResult r =
        compile(policy("p", Action.ALLOW).rule("r", "request.method == ").build());
    assertThat(r.diagnostics())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.code()).isEqualTo("syntax_error"));
  }

  @Test
  void compile_nonStringHeader_reportsWrongResultType() {
    CompilationResult r =
        compile(
            policy("p", Action.ALLOW).rule("r", "true").header("x-port", "source.port").build());
    assertThat(r.diagnostics())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .isEqualTo("header 'x-port' must be of type string, got int"));
  }

  @Test
  void compile_errorOnSecondLineOfBlockScalar_pointsIntoTheBlock() {
    // when: |
    //   request.method == "GET" &&
    //     claims.admin
    Expression expr =
        Policies.lines(
            "request.method == \"GET\" &&\n  claims.admin", List.of(at(21, 9), at(22, 9)));
    AccessPolicy p =
        new AccessPolicy(
            policy("p", Action.ALLOW).build().metadata(),
            policy("p", Action.ALLOW).build().target(),
            Action.ALLOW,
            List.of(new AccessRule("r", expr, at(20, 7))),
            false,
            dev.celador.engine.internal.model.FailurePolicy.FAIL,
            java.util.Optional.empty(),
            List.of(),
            at(1, 1));
    assertThat(compile(p).diagnostics())
        .extracting(Diagnostic::headline)
        .containsExactly(
            "test.yaml:22:11: error[undeclared_reference]: undeclared reference to 'claims'");
  }

  @Test
  void compile_manyBrokenRules_reportsEveryOneSorted() {
    CompilationResult r =
        compile(
            policy("p", Action.ALLOW).rule("a", "nope").rule("b", "1").rule("c", "true").build(),
            policy("q", Action.DENY).rule("d", "alsoNope").build());
    assertThat(r.diagnostics()).hasSize(3).isSorted();
  }

  @Test
  void compile_tooDeepExpression_isRejectedAtLoad() {
    String deep = "(".repeat(200) + "true" + ")".repeat(200);
    CompilationResult r = compile(policy("p", Action.ALLOW).rule("r", deep).build());
    assertThat(r.hasErrors()).isTrue();
  }

  @Test
  void compile_tooLongExpression_isRejectedAtLoad() {
    String longExpr = "request.method == '" + "a".repeat(20_000) + "'";
    CompilationResult r = compile(policy("p", Action.ALLOW).rule("r", longExpr).build());
    assertThat(r.hasErrors()).isTrue();
  }
}
