package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.Decision;
import dev.celador.engine.api.DefaultAction;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.parse.Tenancy;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code celador.default-action}: what a request gets that no enforced access policy selects. */
class DefaultActionTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: no-deletes}
      spec:
        target: {hosts: [deny.lab]}
        action: DENY
        rules: [{name: deletes, when: "request.method == 'DELETE'"}]
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: audit}
      spec:
        target: {hosts: [audit.lab]}
        action: AUDIT
        rules: [{name: all, when: "true"}]
      """;

  private static Decision decide(DefaultAction action, String host) {
    try (PolicyEngine engine =
        PolicyEngine.create(
            Policies.CLOCK,
            JwksOptions.defaults(),
            RateLimitBackends.local(),
            new PolicyDefaults(Tenancy.DEFAULT, action))) {
      LoadResult result = engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES)));
      assertThat(result.render()).isEmpty();
      return engine.evaluate(Policies.toHost("GET", host, "/"), false);
    }
  }

  @Test
  void evaluate_denyAndNothingSelects_denied403SayingWhy() {
    Decision d = decide(DefaultAction.DENY, "other.lab");

    assertThat(d.allowed()).isFalse();
    assertThat(d.status()).isEqualTo(403);
    assertThat(d.policy()).isEmpty();
    assertThat(d.reasons())
        .containsExactly("no policy selects this request (celador.default-action: DENY)");
  }

  @Test
  void evaluate_denyAndOnlyAnAuditPolicySelects_stillDenied() {
    Decision d = decide(DefaultAction.DENY, "audit.lab");

    assertThat(d.allowed()).isFalse();
    assertThat(d.audits()).hasSize(1);
  }

  @Test
  void evaluate_denyAndADenyPolicySelectsWithoutMatching_allowedAsBefore() {
    Decision d = decide(DefaultAction.DENY, "deny.lab");

    assertThat(d.allowed()).isTrue();
    assertThat(d.reasons()).containsExactly("no ALLOW policy selects this request");
  }

  @Test
  void evaluate_allowAndNothingSelects_allowed() {
    assertThat(decide(DefaultAction.ALLOW, "other.lab").allowed()).isTrue();
  }
}
