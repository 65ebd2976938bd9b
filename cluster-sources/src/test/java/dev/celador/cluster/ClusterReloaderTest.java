package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import dev.celador.engine.api.SourceFile;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP policy custom resources load into the engine; an object that does not compile is left out,
 * its last good version kept, and the others load.
 */
class ClusterReloaderTest {

  @Test
  void reload_goodThenBroken_lastGoodVersionStillDecides() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      ClusterReloader reloader = new ClusterReloader(engine);

      ReloadOutcome first = reloader.reload(List.of(access("request.method == \"GET\"")));
      ReloadOutcome broken = reloader.reload(List.of(access("request.method == ")));
      ReloadOutcome same = reloader.reload(List.of(access("request.method == ")));

      assertThat(first).isEqualTo(new ReloadOutcome(true, true, 1, List.of()));
      assertThat(broken.succeeded()).isTrue();
      assertThat(broken.problems())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("celador.dev/v1alpha1/AccessPolicy/shop/methods: field spec.rules[0].when:");
      assertThat(same.compiled()).isFalse();
      assertThat(engine.evaluate(get("GET"), false).allowed()).isTrue();
      assertThat(engine.evaluate(get("POST"), false).allowed()).isFalse();
    }
  }

  @Test
  void reload_tenantResourceTargetingAnotherNamespace_refusedAtTheField() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      SourceFile crossNamespace =
          CustomResourceYaml.toSource(
              ClusterObjects.asStored(
                  """
                  apiVersion: celador.dev/v1alpha1
                  kind: AccessPolicy
                  metadata: {name: let-me-in, namespace: tenant-a}
                  spec:
                    target: {namespaces: [shop]}
                    action: ALLOW
                    rules: [{name: admin, when: 'request.headers["x-role"] == "admin"'}]
                  """));

      ReloadOutcome outcome = new ClusterReloader(engine).reload(List.of(crossNamespace));

      assertThat(outcome.succeeded()).isTrue();
      assertThat(outcome.policyCount()).as("never loaded").isZero();
      assertThat(outcome.problems())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith(
              "celador.dev/v1alpha1/AccessPolicy/tenant-a/let-me-in: field"
                  + " spec.target.namespaces[0]:")
          .contains("namespace 'shop' is not the policy's own");
    }
  }

  private static SourceFile policy(String name, String action, String when) {
    return CustomResourceYaml.toSource(
        ClusterObjects.asStored(ClusterObjects.accessPolicy(name, action, when)));
  }

  private static SourceFile access(String when) {
    return policy("methods", "ALLOW", when);
  }

  @Test
  void reload_brokenEditOfDenyAmongGoodObjects_denyStaysAndOthersUpdate() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      ClusterReloader reloader = new ClusterReloader(engine);
      reloader.reload(
          List.of(
              policy("no-delete", "DENY", "request.method == \"DELETE\""),
              policy("reads", "ALLOW", "request.method == \"GET\"")));

      ReloadOutcome outcome =
          reloader.reload(
              List.of(
                  policy("no-delete", "DENY", "request.method == "),
                  policy("reads", "ALLOW", "request.method in [\"GET\", \"DELETE\"]"),
                  policy("brand-new", "DENY", "request.nope")));

      assertThat(outcome.succeeded()).isTrue();
      assertThat(outcome.problems())
          .hasSize(2)
          .anySatisfy(
              p -> assertThat(p).startsWith("celador.dev/v1alpha1/AccessPolicy/shop/brand-new"))
          .anySatisfy(
              p -> assertThat(p).startsWith("celador.dev/v1alpha1/AccessPolicy/shop/no-delete"));
      assertThat(reloader.verdicts().standingIn())
          .containsExactly("celador.dev/v1alpha1/AccessPolicy/shop/no-delete");
      assertThat(reloader.verdicts().loaded())
          .containsExactly("celador.dev/v1alpha1/AccessPolicy/shop/reads");
      assertThat(engine.evaluate(get("DELETE"), false).allowed())
          .as("the last good DENY still denies, although the ALLOW now lets DELETE through")
          .isFalse();
      assertThat(engine.evaluate(get("GET"), false).allowed()).isTrue();

      reloader.reload(List.of(policy("reads", "ALLOW", "request.method in [\"GET\", \"DELETE\"]")));
      assertThat(engine.evaluate(get("DELETE"), false).allowed())
          .as("deleting the broken object removes its last good version too")
          .isTrue();
    }
  }

  private static AuthzRequest get(String method) {
    return AuthzRequest.builder()
        .destination(new Peer("", 0, "spiffe://cluster.local/ns/shop/sa/orders"))
        .request(
            HttpAttributes.builder()
                .method(method)
                .path("/")
                .host("shop")
                .scheme("https")
                .protocol("HTTP/1.1")
                .id("id")
                .build())
        .build();
  }
}
