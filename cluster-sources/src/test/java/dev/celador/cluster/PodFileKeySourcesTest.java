package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JwtAuthentication objects from the cluster may not name files on the server's pod. */
class PodFileKeySourcesTest {

  private static Map<String, Object> jwt(String keySource) {
    return ClusterObjects.asStored(
        """
        apiVersion: celador.dev/v1alpha1
        kind: JwtAuthentication
        metadata: {name: tokens, namespace: shop}
        spec:
          audiences: [shop]
          issuers:
            - issuer: https://a.example
              jwksUri: http://127.0.0.1:1/a
            - issuer: https://b.example
              %s
        """
            .formatted(keySource));
  }

  @Test
  void refuse_jwksFileAndSecretFile_eachNamedWithObjectAndField() {
    Map<String, List<String>> refused =
        PodFileKeySources.refuse(
            List.of(jwt("jwksFile: /var/run/secrets/kubernetes.io/serviceaccount/token")));
    refused.forEach((name, p) -> assertThat(name).endsWith("/JwtAuthentication/shop/tokens"));
    List<String> problems = new java.util.ArrayList<>(refused.values().iterator().next());
    problems.addAll(
        PodFileKeySources.refuse(List.of(jwt("secretFile: /etc/celador/tls/tls.key")))
            .values()
            .iterator()
            .next());

    assertThat(problems)
        .hasSize(2)
        .allSatisfy(
            p ->
                assertThat(p)
                    .startsWith("celador.dev/v1alpha1/JwtAuthentication/shop/tokens: field ")
                    .contains("error[forbidden_key_source]"));
    assertThat(problems.get(0)).contains("field spec.issuers[1].jwksFile:");
    assertThat(problems.get(1)).contains("field spec.issuers[1].secretFile:");
  }

  @Test
  void refuse_remoteAndInlineKeySources_nothingRefused() {
    assertThat(PodFileKeySources.refuse(List.of(jwt("jwksUri: http://127.0.0.1:1/b")))).isEmpty();
  }

  @Test
  void reload_refusedEarlyAfterGoodVersion_keepsItAndReportsProblems() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      ClusterReloader reloader = new ClusterReloader(engine);
      var good = List.of(CustomResourceYaml.toSource(jwt("jwksUri: http://127.0.0.1:1/b")));
      var bad = List.of(CustomResourceYaml.toSource(jwt("jwksFile: /etc/passwd")));

      assertThat(reloader.reload(good).succeeded()).isTrue();
      var early = Map.of(bad.get(0).name(), List.of("x: refused"));
      ReloadOutcome refused = reloader.reload(bad, early);
      ReloadOutcome again = reloader.reload(bad, early);

      assertThat(refused).isEqualTo(new ReloadOutcome(true, true, 1, List.of("x: refused"), 1));
      assertThat(reloader.verdicts().standingIn()).containsExactly(bad.get(0).name());
      assertThat(again.compiled()).as("unchanged objects are not reported twice").isFalse();
      assertThat(engine.activeSet()).isPresent();
    }
  }
}
