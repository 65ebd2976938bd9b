package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.CeladorYaml.accessPolicy;
import static dev.celador.conformance.cluster.Fixtures.ACCESS_POLICY;
import static dev.celador.conformance.cluster.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cluster.ClusterPolicySource;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.eval.AuthzRequest;
import dev.celador.engine.eval.HttpAttributes;
import dev.celador.engine.eval.Peer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AccessPolicy custom resources in a real API server decide HTTP requests through a {@link
 * ClusterPolicySource}, as {@code celador serve} would use it: created, updated, broken (last good
 * set kept, the error naming object and field) and deleted.
 */
class ClusterPolicySourceIT {

  /** A request to {@code host}, the service {@code api} of the test namespace, at its workload. */
  private static boolean allowed(PolicyEngine engine, String host, String method) {
    HttpAttributes http =
        new HttpAttributes(method, "/", host, "https", "HTTP/1.1", Map.of(), "id", "", false, null);
    String namespace = host.split("\\.")[1];
    Peer destination = new Peer("", 0, "spiffe://cluster.local/ns/" + namespace + "/sa/api");
    return engine
        .evaluate(
            new AuthzRequest(null, destination, http, false, "", Map.of(), Map.of(), Map.of()),
            false)
        .allowed();
  }

  /** The last failed reload names AccessPolicy {@code methods} of {@code ns} at {@code field}. */
  private static void assertRefused(ClusterPolicySource source, String ns, String field) {
    assertThat(source.stats().lastProblems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "celador.dev/v1alpha1/AccessPolicy/" + ns + "/methods: field " + field));
  }

  @Test
  void accessPolicyCrd_createdUpdatedBrokenDeleted_decisionsFollow() throws Exception {
    KubernetesClient admin = KubeCluster.get().client();
    CeladorCrds.install(admin);
    String ns = Fixtures.namespace(admin);
    // A policy of namespace ns may only name ns's services (docs/serve.md#tenancy).
    String host = "api." + ns + ".svc.cluster.local";
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
        ClusterPolicySource source = ClusterPolicySource.start(admin, engine, outcome -> {})) {
      assertThat(source.awaitReady(Duration.ofSeconds(60))).isTrue();

      Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method == \"GET\""));
      assertThat(eventually(() -> !allowed(engine, host, "POST"))).isTrue();
      assertThat(allowed(engine, host, "GET")).isTrue();

      Fixtures.apply(
          admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method in [\"GET\", \"POST\"]"));
      assertThat(eventually(() -> allowed(engine, host, "POST"))).isTrue();

      long failedBefore = source.stats().failed();
      Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.nope == 1"));
      assertThat(eventually(() -> source.stats().failed() > failedBefore)).isTrue();
      assertRefused(source, ns, "spec.rules[0].when: error[");
      assertThat(allowed(engine, host, "POST")).as("last good set still decides").isTrue();
      assertThat(allowed(engine, host, "DELETE")).isFalse();

      admin.genericKubernetesResources(ACCESS_POLICY).inNamespace(ns).withName("methods").delete();
      assertThat(eventually(() -> allowed(engine, host, "DELETE")))
          .as("no policy selects the host any more")
          .isTrue();
    }
  }

  @Test
  void accessPolicyCrd_targetingAnotherNamespace_refusedAtTheFieldAndOthersDecide()
      throws Exception {
    KubernetesClient admin = KubeCluster.get().client();
    CeladorCrds.install(admin);
    String tenant = Fixtures.namespace(admin);
    String victim = Fixtures.namespace(admin);
    String victimHost = "api." + victim + ".svc.cluster.local";
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
        ClusterPolicySource source = ClusterPolicySource.start(admin, engine, outcome -> {})) {
      assertThat(source.awaitReady(Duration.ofSeconds(60))).isTrue();
      Fixtures.apply(
          admin, ACCESS_POLICY, accessPolicy(victim, victimHost, "request.method == \"GET\""));
      assertThat(eventually(() -> !allowed(engine, victimHost, "POST"))).isTrue();

      // The API server accepts it (the CRD schema cannot know namespaces); Celador refuses it.
      long failedBefore = source.stats().failed();
      Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(tenant, victimHost, "true"));
      try {
        assertThat(eventually(() -> source.stats().failed() > failedBefore)).isTrue();
        assertRefused(source, tenant, "spec.target.hosts[0]: error[outside_namespace]");
        assertThat(source.stats().lastProblems())
            .anyMatch(p -> p.contains("is not a service of namespace " + tenant));
        assertThat(allowed(engine, victimHost, "POST"))
            .as("the tenant's ALLOW never opens the other namespace")
            .isFalse();
      } finally {
        // One broken object fails the whole set (for now): leave none for the other tests.
        admin
            .genericKubernetesResources(ACCESS_POLICY)
            .inNamespace(tenant)
            .withName("methods")
            .delete();
      }
    }
  }
}
