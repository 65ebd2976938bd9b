package dev.celador.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.extauthz.http.HttpIdentity;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpIdentityCheckTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: no-deletes, namespace: shop}
      spec:
        action: DENY
        rules: [{name: admin-only, when: 'request.method == "DELETE" && source.namespace != "ops"'}]
      ---
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata: {name: mesh-audit, namespace: celador-system}
      spec:
        action: AUDIT
        rules: [{name: all, when: "true"}]
      """;

  private static CompiledPolicySet load() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      LoadResult result = engine.loadSources(List.of(new SourceFile("p.yaml", POLICIES)));
      return result.policySet().orElseThrow(() -> new AssertionError(result.render()));
    }
  }

  @Test
  void warnings_noIdentities_nameTheTenantPolicyForBoth() {
    List<String> warnings = HttpIdentityCheck.warnings(load(), HttpIdentity.NONE);

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .startsWith("HTTP mode knows no destination workload")
        .contains("1 policy (shop/no-deletes)")
        .doesNotContain("mesh-audit");
    assertThat(warnings.get(1))
        .startsWith("HTTP mode knows no caller identity")
        .contains("(shop/no-deletes)");
  }

  @Test
  void warnings_destinationAndXfccConfigured_none() {
    HttpIdentity identity = new HttpIdentity(true, "", "x-celador-destination");

    assertThat(HttpIdentityCheck.warnings(load(), identity)).isEmpty();
  }
}
