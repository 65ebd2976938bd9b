package dev.celador.embedding;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine README's embedding example, run: an embedder outside the engine's packages loads
 * policies, decides a request and admits a review with the facade and the API package alone.
 */
class EmbeddingTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: AccessPolicy
      metadata:
        name: orders-callers
        namespace: shop
      spec:
        target:
          namespaces: [shop]
          serviceAccounts: [orders]
        action: ALLOW
        rules:
          - name: frontend-reads
            when: >-
              source.principal == "spiffe://cluster.local/ns/web/sa/frontend" &&
              request.method == "GET"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata:
        name: max-replicas
      spec:
        failurePolicy: Fail
        matchConstraints:
          resourceRules:
            - apiGroups: ["apps"]
              apiVersions: ["v1"]
              operations: ["CREATE", "UPDATE"]
              resources: ["deployments"]
        validations:
          - expression: "object.spec.replicas <= 5"
            message: "at most 5 replicas"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata:
        name: max-replicas
      spec:
        policyName: max-replicas
        validationActions: [Deny]
      """;

  @Test
  void embedder_withFacadeAndApiOnly_decidesAndAdmits(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      assertThat(engine.decide(call("frontend", "GET")).join().effect())
          .isEqualTo(Decision.Effect.NOT_READY);

      LoadResult loaded = engine.reload(List.of(dir));
      assertThat(loaded.hasErrors()).as(loaded.render()).isFalse();

      Decision allowed = engine.decide(call("frontend", "GET")).join();
      assertThat(allowed.effect()).isEqualTo(Decision.Effect.ALLOW);
      assertThat(allowed.rule()).isEqualTo("frontend-reads");
      assertThat(engine.decide(call("frontend", "DELETE")).join().effect())
          .isEqualTo(Decision.Effect.DENY);
      assertThat(engine.decide(call("intruder", "GET")).join().effect())
          .isEqualTo(Decision.Effect.DENY);

      AdmissionDecision review = engine.admit(deployment(6));
      assertThat(review.allowed()).isFalse();
      assertThat(review.message()).contains("at most 5 replicas");
      assertThat(engine.admit(deployment(3)).allowed()).isTrue();
    }
  }

  @Test
  void embedder_dependsOnNoInternalPackage() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.celador.engine.internal..")
        .check(new ClassFileImporter().importClasses(EmbeddingTest.class));
  }

  private static AuthzRequest call(String caller, String method) {
    return AuthzRequest.builder()
        .source(new Peer("10.0.0.1", 40000, "spiffe://cluster.local/ns/web/sa/" + caller))
        .destination(new Peer("10.0.0.2", 8080, "spiffe://cluster.local/ns/shop/sa/orders"))
        .request(HttpAttributes.builder().method(method).path("/orders").host("orders").build())
        .mtls(true)
        .build();
  }

  private static AdmissionRequest deployment(int replicas) {
    return AdmissionRequest.fromMap(
        Map.of(
            "uid",
            "1",
            "kind",
            Map.of("group", "apps", "version", "v1", "kind", "Deployment"),
            "resource",
            Map.of("group", "apps", "version", "v1", "resource", "deployments"),
            "name",
            "web",
            "namespace",
            "shop",
            "operation",
            "CREATE",
            "userInfo",
            Map.of("username", "alice"),
            "object",
            Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web", "namespace", "shop"),
                "spec",
                Map.of("replicas", replicas))));
  }
}
