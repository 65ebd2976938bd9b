package dev.celador.engine.internal.eval;

import static dev.celador.engine.Policies.compileOrFail;
import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.cel.RequestActivation;
import dev.celador.engine.internal.model.AccessPolicy;
import dev.celador.engine.internal.model.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule index skips only rules that are false anyway: decisions stay those of every rule. */
class RuleIndexTest {

  private static AccessPolicy perCallerAllow() {
    var builder = policy("per-caller", Action.ALLOW).ignoreFailures();
    for (int i = 0; i < 6; i++) {
      builder.rule(
          "team-" + i,
          "source.principal == '" + spiffe("team-" + i, "client") + "' && request.method == 'GET'");
    }
    return builder
        .rule(
            "pair",
            "source.principal in ['"
                + spiffe("a", "x")
                + "', '"
                + spiffe("b", "x")
                + "'] && request.url_path.startsWith('/x')")
        .rule("by-header", "request.headers['x-k'] == 'v'")
        .rule("failing", "int(request.headers['x-num']) > 3")
        .rule("team-3-again", "source.principal == '" + spiffe("team-3", "client") + "'")
        .build();
  }

  private static AccessPolicy perCallerDeny() {
    var builder = policy("per-caller-deny", Action.DENY);
    for (int i = 0; i < 5; i++) {
      builder.rule(
          "no-posts-" + i,
          "'"
              + spiffe("team-" + i, "client")
              + "' == source.principal && request.method == 'POST'");
    }
    return builder.build();
  }

  @Test
  void of_manyRulesOnOneAttribute_indexesIt() {
    CompiledPolicySet set = compileOrFail(perCallerAllow());

    assertThat(set.policies().get(0).ruleIndex()).isNotNull();
    assertThat(set.policies().get(0).ruleIndex().attributeName()).isEqualTo("source.principal");
  }

  @Test
  void of_fewRulesOnOneAttribute_noIndex() {
    AccessPolicy small =
        policy("small", Action.ALLOW)
            .rule("a", "source.principal == 'a'")
            .rule("b", "source.principal == 'b'")
            .rule("c", "source.principal == 'c'")
            .build();

    assertThat(compileOrFail(small).policies().get(0).ruleIndex()).isNull();
  }

  @Test
  void candidates_knownValue_itsRulesAndUnindexedOnesInOrder() {
    CompiledPolicy compiled = compileOrFail(perCallerAllow()).policies().get(0);
    AuthzRequest r = request(spiffe("team-3", "client"), "", "GET", "/", Map.of());

    int[] candidates = compiled.ruleIndex().candidates(new RequestActivation(r, Instant.EPOCH));

    assertThat(candidates).containsExactly(3, 7, 8, 9);
  }

  @Test
  void candidates_unknownValue_onlyUnindexedRules() {
    CompiledPolicy compiled = compileOrFail(perCallerAllow()).policies().get(0);
    AuthzRequest r = request(spiffe("nobody", "client"), "", "GET", "/", Map.of());

    assertThat(compiled.ruleIndex().candidates(new RequestActivation(r, Instant.EPOCH)))
        .containsExactly(7, 8);
  }

  @Test
  void evaluate_withIndex_sameDecisionsAsEvaluatingEveryRule() {
    CompiledPolicySet set = compileOrFail(perCallerDeny(), perCallerAllow());
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(spiffe("team-" + i, "client"));
    }
    callers.addAll(List.of(spiffe("a", "x"), spiffe("b", "x"), "", "not-spiffe"));
    int checked = 0;
    for (String caller : callers) {
      for (String method : List.of("GET", "POST")) {
        for (String path : List.of("/x/1", "/y")) {
          for (Map<String, String> headers : headerVariants()) {
            AuthzRequest r = request(caller, spiffe("shop", "orders"), method, path, headers);
            Decision indexed = set.evaluate(r, false);
            Decision everyRule = set.evaluate(r, true); // traces never use the index
            assertThat(summary(indexed)).as(r.toString()).isEqualTo(summary(everyRule));
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(12 * 2 * 2 * 4);
  }

  private static List<Map<String, String>> headerVariants() {
    Map<String, String> both = new HashMap<>();
    both.put("x-k", "v");
    both.put("x-num", "7");
    return List.of(Map.of(), Map.of("x-k", "v"), Map.of("x-num", "not-a-number"), both);
  }

  private static List<Object> summary(Decision d) {
    return List.of(
        d.allowed(),
        d.status(),
        d.policy(),
        d.rule(),
        d.reasons(),
        d.headers(),
        d.evaluationError());
  }
}
