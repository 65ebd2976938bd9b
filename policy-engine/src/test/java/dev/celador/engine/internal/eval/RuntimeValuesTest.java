package dev.celador.engine.internal.eval;

import static dev.celador.engine.Policies.compile;
import static dev.celador.engine.Policies.compileOrFail;
import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.model.Action;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeValuesTest {

  private static Decision decide(String when, Map<String, Object> raw) {
    AuthzRequest base = request("a", "b", "GET", "/", Map.of());
    AuthzRequest req = base.toBuilder().raw(raw).build();
    return compileOrFail(policy("p", Action.ALLOW).rule("r", when).build()).evaluate(req, true);
  }

  @Test
  void evaluate_jsonNullsInObject_areCelNulls() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("foo", null);
    List<Object> list = new ArrayList<>();
    list.add(null);
    list.add(7);
    raw.put("list", list);
    assertThat(
            decide("object.foo == null && size(object.list) == 2 && object.list[1] == 7", raw)
                .allowed())
        .isTrue();
  }

  @Test
  void evaluate_missingHeader_saysNoSuchKey() {
    Decision d = decide("request.headers['x-missing'] == 'a'", Map.of());
    assertThat(d.trace().get(0).detail()).isEqualTo("no such key: 'x-missing'");
  }

  @Test
  void compile_badRegex_isOneLine() {
    var r = compile(policy("p", Action.ALLOW).rule("r", "request.path.matches('[a-')").build());
    assertThat(r.diagnostics())
        .singleElement()
        .extracting(Diagnostic::message)
        .satisfies(
            m -> assertThat(m).startsWith("invalid regular expression: ").doesNotContain("\n"));
  }
}
