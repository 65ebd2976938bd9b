package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.CeladorYaml.accessPolicy;
import static dev.celador.conformance.cluster.Fixtures.ACCESS_POLICY;
import static dev.celador.conformance.cluster.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cluster.ClusterPolicySource;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.Peer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * AccessPolicy, JwtAuthentication and RateLimitPolicy custom resources in a real API server decide
 * HTTP requests through a {@link ClusterPolicySource}, as {@code celador serve} would use it:
 * created, updated, broken and deleted. A broken object is left out (its last good version kept)
 * while every other object keeps updating; its status and an Event say why, at the field.
 */
class ClusterPolicySourceIT {

  static final ResourceDefinitionContext JWT_AUTHENTICATION =
      Fixtures.celador("JwtAuthentication", "jwtauthentications", true);
  static final ResourceDefinitionContext RATE_LIMIT_POLICY =
      Fixtures.celador("RateLimitPolicy", "ratelimitpolicies", true);

  /** A request to {@code host}, the service {@code api} of the test namespace, at its workload. */
  private static boolean allowed(PolicyEngine engine, String host, String method) {
    HttpAttributes http =
        HttpAttributes.builder()
            .method(method)
            .path("/")
            .host(host)
            .scheme("https")
            .protocol("HTTP/1.1")
            .id("id")
            .build();
    String namespace = host.split("\\.")[1];
    Peer destination = new Peer("", 0, "spiffe://cluster.local/ns/" + namespace + "/sa/api");
    return engine
        .evaluate(AuthzRequest.builder().destination(destination).request(http).build(), false)
        .allowed();
  }

  /** Waits until the latest load names object {@code kind/ns/name} at {@code field}. */
  private static void assertRefused(
      ClusterPolicySource source, String kind, String ns, String name, String field)
      throws InterruptedException {
    String prefix = "celador.dev/v1alpha1/" + kind + "/" + ns + "/" + name + ": field " + field;
    assertThat(
            eventually(
                () -> source.stats().lastProblems().stream().anyMatch(p -> p.startsWith(prefix))))
        .as("%s in %s", prefix, source.stats())
        .isTrue();
  }

  /** Waits until the object's Ready condition is False for its generation, naming {@code field}. */
  private static void assertStatusRefused(
      KubernetesClient admin, ResourceDefinitionContext type, String ns, String name, String field)
      throws InterruptedException {
    assertThat(eventually(() -> ObjectFeedback.readyIs(admin, type, ns, name, "False")))
        .as("Ready=False on %s/%s", ns, name)
        .isTrue();
    assertThat(ObjectFeedback.ready(admin, type, ns, name).orElseThrow())
        .containsEntry("reason", "Invalid")
        .hasEntrySatisfying("message", m -> assertThat((String) m).contains("field " + field));
  }

  private static String resourceVersion(KubernetesClient admin, String ns, String name) {
    return admin
        .genericKubernetesResources(ACCESS_POLICY)
        .inNamespace(ns)
        .withName(name)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  @Test
  void accessPolicyCrd_createdUpdatedBrokenDeleted_decisionsFollowAndOthersKeepUpdating()
      throws Exception {
    KubernetesClient admin = KubeCluster.get().client();
    CeladorCrds.install(admin);
    String ns = Fixtures.namespace(admin);
    String neighbour = Fixtures.namespace(admin);
    // A policy of namespace ns may only name ns's services (docs/serve.md#tenancy).
    String host = "api." + ns + ".svc.cluster.local";
    String neighbourHost = "api." + neighbour + ".svc.cluster.local";
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
        ClusterPolicySource source = ClusterPolicySource.start(admin, engine, outcome -> {})) {
      assertThat(source.awaitReady(Duration.ofSeconds(60))).isTrue();

      Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method == \"GET\""));
      Fixtures.apply(
          admin,
          ACCESS_POLICY,
          accessPolicy(neighbour, neighbourHost, "request.method == \"GET\""));
      assertThat(eventually(() -> !allowed(engine, host, "POST"))).isTrue();
      assertThat(allowed(engine, host, "GET")).isTrue();
      assertThat(
              eventually(() -> ObjectFeedback.readyIs(admin, ACCESS_POLICY, ns, "methods", "True")))
          .isTrue();

      Fixtures.apply(
          admin, ACCESS_POLICY, accessPolicy(ns, host, "request.method in [\"GET\", \"POST\"]"));
      assertThat(eventually(() -> allowed(engine, host, "POST"))).isTrue();

      Fixtures.apply(admin, ACCESS_POLICY, accessPolicy(ns, host, "request.nope == 1"));
      assertRefused(source, "AccessPolicy", ns, "methods", "spec.rules[0].when: error[");
      assertStatusRefused(admin, ACCESS_POLICY, ns, "methods", "spec.rules[0].when");
      assertThat(
              eventually(() -> !ObjectFeedback.events(admin, ns, "methods", "Invalid").isEmpty()))
          .as("a Warning event on the refused object")
          .isTrue();
      assertThat(allowed(engine, host, "POST")).as("its last good version still decides").isTrue();
      assertThat(allowed(engine, host, "DELETE")).isFalse();

      // Another team's change goes live although one object is broken.
      Fixtures.apply(
          admin,
          ACCESS_POLICY,
          accessPolicy(neighbour, neighbourHost, "request.method in [\"GET\", \"PUT\"]"));
      assertThat(eventually(() -> allowed(engine, neighbourHost, "PUT"))).isTrue();
      assertThat(
              eventually(
                  () -> ObjectFeedback.readyIs(admin, ACCESS_POLICY, neighbour, "methods", "True")))
          .isTrue();

      admin.genericKubernetesResources(ACCESS_POLICY).inNamespace(ns).withName("methods").delete();
      assertThat(eventually(() -> allowed(engine, host, "DELETE")))
          .as("no policy selects the host any more")
          .isTrue();
    }
  }

  @Test
  void tenantObjectsReachingAnotherNamespace_refusedAtTheFieldAndOthersDecide() throws Exception {
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

      // The API server accepts them (the CRD schema cannot know namespaces); Celador refuses them.
      TenantAttacks.applyAll(admin, tenant, victim, victimHost);

      assertRefused(
          source,
          "AccessPolicy",
          tenant,
          "methods",
          "spec.target.hosts[0]: error[outside_namespace]");
      assertThat(source.stats().lastProblems())
          .anyMatch(p -> p.contains("is not a service of namespace " + tenant));
      assertRefused(source, "AccessPolicy", tenant, "deny-all", "spec.target.namespaces[0]");
      assertRefused(source, "AccessPolicy", tenant, "let-me-in", "spec.target.namespaces[1]");
      assertRefused(source, "RateLimitPolicy", tenant, "throttle-all", "spec.target.hosts[0]");
      assertRefused(source, "JwtAuthentication", tenant, "evil-idp", "spec.target.hosts[0]");
      assertStatusRefused(admin, ACCESS_POLICY, tenant, "deny-all", "spec.target.namespaces[0]");
      assertStatusRefused(admin, RATE_LIMIT_POLICY, tenant, "throttle-all", "spec.target.hosts[0]");
      assertStatusRefused(admin, JWT_AUTHENTICATION, tenant, "evil-idp", "spec.target.hosts[0]");
      assertThat(allowed(engine, victimHost, "GET")).as("no tenant DENY reaches it").isTrue();
      assertThat(allowed(engine, victimHost, "POST"))
          .as("the tenant's ALLOW never opens the other namespace")
          .isFalse();

      assertThat(
              eventually(
                  () -> ObjectFeedback.events(admin, tenant, "deny-all", "Invalid").size() == 1))
          .isTrue();
      String version = resourceVersion(admin, tenant, "deny-all");

      // A new pod starts with the valid objects; it never waits for a fully valid set. As a
      // second replica it agrees with the status already written, so it writes nothing.
      try (PolicyEngine fresh = PolicyEngine.create(Clock.systemUTC());
          ClusterPolicySource second = ClusterPolicySource.start(admin, fresh, outcome -> {})) {
        assertThat(second.awaitReady(Duration.ofSeconds(60))).isTrue();
        assertThat(allowed(fresh, victimHost, "GET")).isTrue();
        assertThat(allowed(fresh, victimHost, "POST")).isFalse();
        assertThat(second.stats().lastProblems()).hasSizeGreaterThanOrEqualTo(5);
        Thread.sleep(1000);
        assertThat(resourceVersion(admin, tenant, "deny-all"))
            .as("no second status write")
            .isEqualTo(version);
        assertThat(ObjectFeedback.events(admin, tenant, "deny-all", "Invalid"))
            .as("no second event")
            .hasSize(1);
      }
    } finally {
      TenantAttacks.deleteAll(admin, tenant);
    }
  }
}
