package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyDefaults;
import org.junit.jupiter.api.Test;

/** One object judged as the cluster would load it, with check's file:line:col messages. */
class ObjectCheckTest {

  private final ObjectCheck check = new ObjectCheck(PolicyDefaults.DEFAULT);

  @Test
  void check_brokenCel_refusedAtLineColumnAndField() {
    ObjectCheck.Result result =
        check.check(
            ClusterObjects.asStored(
                ClusterObjects.accessPolicy("methods", "ALLOW", "request.nope == 1")));

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            "(?s)celador\\.dev/v1alpha1/AccessPolicy/shop/methods:\\d+:\\d+: error\\[\\w+\\]: .*"
                + "nope.* \\(field spec\\.rules\\[0\\]\\.when\\)\\n  .*request\\.nope.*\\n *\\^");
  }

  @Test
  void check_tenantTargetingAnotherNamespace_refusedOutsideNamespace() {
    ObjectCheck.Result result =
        check.check(
            ClusterObjects.asStored(
                """
                apiVersion: celador.dev/v1alpha1
                kind: AccessPolicy
                metadata: {name: deny-all, namespace: tenant-a}
                spec:
                  target: {namespaces: [shop]}
                  action: DENY
                  rules: [{name: all, when: 'true'}]
                """));

    assertThat(result.errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("error[outside_namespace]")
        .contains("(field spec.target.namespaces[0])");
  }

  @Test
  void check_jwksFile_refusedWithoutReadingIt() {
    ObjectCheck.Result result =
        check.check(
            ClusterObjects.asStored(
                """
                apiVersion: celador.dev/v1alpha1
                kind: JwtAuthentication
                metadata: {name: tokens, namespace: shop}
                spec:
                  issuers: [{issuer: https://a.example, jwksFile: /etc/passwd}]
                """));

    assertThat(result.errors())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("field spec.issuers[0].jwksFile: error[forbidden_key_source]");
  }

  @Test
  void check_validPolicyAndBindingAlone_valid() {
    assertThat(check.check(ClusterObjects.asStored(ClusterObjects.policy("p", "true"))).errors())
        .isEmpty();
    assertThat(check.check(ClusterObjects.asStored(ClusterObjects.binding("b", "p"))).errors())
        .isEmpty();
  }
}
