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
    List<String> problems =
        PodFileKeySources.refuse(
            List.of(
                jwt("jwksFile: /var/run/secrets/kubernetes.io/serviceaccount/token"),
                jwt("secretFile: /etc/celador/tls/tls.key")));

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
  void reloaderRefuse_afterGoodSet_keepsItAndReportsProblems() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      PolicyReloader reloader = new PolicyReloader(engine);
      var good = List.of(CustomResourceYaml.toSource(jwt("jwksUri: http://127.0.0.1:1/b")));
      var bad = List.of(CustomResourceYaml.toSource(jwt("jwksFile: /etc/passwd")));

      assertThat(reloader.reload(good).succeeded()).isTrue();
      ReloadOutcome refused = reloader.refuse(bad, List.of("x: refused"));
      ReloadOutcome again = reloader.refuse(bad, List.of("x: refused"));

      assertThat(refused).isEqualTo(new ReloadOutcome(true, false, 1, List.of("x: refused")));
      assertThat(again.compiled()).as("unchanged objects are not reported twice").isFalse();
      assertThat(engine.activeSet()).isPresent();
    }
  }
}
