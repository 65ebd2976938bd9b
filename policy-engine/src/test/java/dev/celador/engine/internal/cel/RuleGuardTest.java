package dev.celador.engine.internal.cel;

import static dev.celador.engine.Policies.at;
import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.internal.model.Expression;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Guards are an optimisation: with or without them, every expression must give CEL's answer. */
class RuleGuardTest {

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler();
  private static final AuthzRequest REQUEST =
      request(
          spiffe("web", "frontend"),
          spiffe("shop", "orders"),
          "GET",
          "/api/v1/orders?x=1",
          Map.of("x-k", "v"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request.method == 'GET' && source.namespace == 'web'",
        "request.method == 'POST' && source.namespace == 'web'",
        "'POST' == request.method",
        "request.method != 'GET'",
        "request.method in ['PUT', 'POST'] && true",
        "request.method in ['GET', 'POST']",
        "request.url_path.startsWith('/api/') && request.url_path.endsWith('/orders')",
        "request.url_path.startsWith('/admin/')",
        "request.path.contains('x=1')",
        "request.headers['x-k'] == 'w'",
        "request.headers['x-missing'] == 'w' && request.method == 'POST'",
        "request.headers['x-missing'] == 'w' && request.method == 'GET'",
        "context['service'] == 'orders'",
        "destination.service_account == 'orders' && source.service_account == 'frontend'",
        "source.principal == 'spiffe://cluster.local/ns/web/sa/frontend' || request.method == 'X'",
        "request.headers['x-k'] == 'v' && request.method in ['GET', 'HEAD']",
        "request.headers['x-k'] != 'v' && request.url_path.startsWith('/api/')",
        "request.url_path.startsWith('/api/') && request.path.endsWith('x=1')",
        "source.namespace == 'web' && request.headers['x-missing'] == 'v'",
        "request.method == 'GET' && request.path.contains('x=1') && true",
      })
  void evaluate_withGuards_sameAsCel(String text) throws Exception {
    var result = COMPILER.compile(Expression.at(text, at(1, 1)), SimpleType.BOOL, "test");
    assertThat(result.ok()).as(result.diagnostics().toString()).isTrue();
    CompiledExpression guarded = result.expression();
    CompiledExpression plain =
        new CompiledExpression(
            guarded.source(), guarded.program(), guarded.metered(), java.util.List.of());
    Object expected = outcome(plain);
    assertThat(outcome(guarded)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request.method == 'POST' && source.namespace == 'web'",
        "request.url_path.startsWith('/admin')"
      })
  void extract_simpleConjuncts_produceGuards(String text) {
    var result = COMPILER.compile(Expression.at(text, at(1, 1)), SimpleType.BOOL, "test");
    assertThat(result.expression().guards()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request.method == 'GET' && source.namespace == 'web'",
        "request.headers['x-k'] == 'v' && request.url_path.startsWith('/api/')",
        "request.method in ['GET', 'HEAD']"
      })
  void extract_everyConjunctGuarded_guardsDecideWithoutCel(String text) {
    var result = COMPILER.compile(Expression.at(text, at(1, 1)), SimpleType.BOOL, "test");

    assertThat(result.expression().guardsDecide()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "request.method == 'GET' && true",
        "request.method == 'GET' || source.namespace == 'web'",
        "size(request.path) > 3 && request.method == 'GET'"
      })
  void extract_someConjunctNotGuarded_celStillDecides(String text) {
    var result = COMPILER.compile(Expression.at(text, at(1, 1)), SimpleType.BOOL, "test");

    assertThat(result.expression().guardsDecide()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source.principal",
        "destination.service_account",
        "request.method",
        "request.url_path",
        "request.scheme",
        "request.headers['x-k']",
        "request.headers['x-missing']",
        "context['service']",
        "request.method + '!'"
      })
  void evaluate_plainAttribute_sameAsCel(String text) throws Exception {
    var result = COMPILER.compile(Expression.at(text, at(1, 1)), SimpleType.STRING, "test");
    assertThat(result.ok()).as(result.diagnostics().toString()).isTrue();
    CompiledExpression read = result.expression();
    CompiledExpression plain =
        new CompiledExpression(read.source(), read.program(), read.metered(), java.util.List.of());

    assertThat(read.attribute() != null).isEqualTo(!text.contains("+"));
    assertThat(detailedOutcome(read)).isEqualTo(detailedOutcome(plain));
  }

  private static Object detailedOutcome(CompiledExpression e) {
    try {
      return e.evaluate(new RequestActivation(REQUEST, Instant.EPOCH));
    } catch (Exception ex) {
      return "error: " + ex.getMessage();
    }
  }

  private static Object outcome(CompiledExpression e) {
    try {
      return e.evaluate(new RequestActivation(REQUEST, Instant.EPOCH));
    } catch (Exception ex) {
      return "error";
    }
  }
}
