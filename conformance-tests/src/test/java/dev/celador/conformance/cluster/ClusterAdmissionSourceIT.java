package dev.celador.conformance.cluster;

import static dev.celador.conformance.cluster.CeladorYaml.CONFIGMAP_CREATES;
import static dev.celador.conformance.cluster.CeladorYaml.message;
import static dev.celador.conformance.cluster.CeladorYaml.validatingPolicyBinding;
import static dev.celador.conformance.cluster.ConfigMapGrants.user;
import static dev.celador.conformance.cluster.Fixtures.VALIDATING_POLICY;
import static dev.celador.conformance.cluster.Fixtures.VALIDATING_POLICY_BINDING;
import static dev.celador.conformance.cluster.Fixtures.configMapCreate;
import static dev.celador.conformance.cluster.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cluster.ClusterAdmissionSource;
import dev.celador.cluster.ReloadOutcome;
import dev.celador.cluster.SubjectAccessReviewAuthorizer;
import dev.celador.conformance.kube.KubeCluster;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ValidatingPolicy custom resources, params and Namespaces in a real API server drive the admission
 * decisions of a {@link ClusterAdmissionSource}: creations, updates, broken updates (the object's
 * last good version kept, the error naming object and field in the log and the object's status),
 * Namespace labels for namespaceSelector, param ConfigMaps, and authorizer checks answered through
 * SubjectAccessReview. Each test binds its policy to its own namespace only, so the tests do not
 * see each other.
 */
class ClusterAdmissionSourceIT {

  private static KubeCluster cluster;
  private static KubernetesClient admin;
  private static final PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
  private static ClusterAdmissionSource source;
  private static final List<ReloadOutcome> outcomes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws InterruptedException {
    cluster = KubeCluster.get();
    admin = cluster.client();
    CeladorCrds.install(admin);
    source =
        ClusterAdmissionSource.start(
            admin, engine, new SubjectAccessReviewAuthorizer(admin), outcomes::add);
    assertThat(source.awaitReady(Duration.ofSeconds(60))).as(source.stats().toString()).isTrue();
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
    engine.close();
  }

  /** A policy on ConfigMap CREATEs whose message names it. */
  private static String policy(String name, String paramKind, String expression) {
    return CeladorYaml.validatingPolicy(
        name, paramKind, CONFIGMAP_CREATES, expression, message("denied by " + name));
  }

  /** A binding selecting the namespace {@code ns} only. */
  private static String binding(String name, String ns, String paramRef) {
    return validatingPolicyBinding(name, paramRef, Map.of("celador-test", ns));
  }

  private static boolean allowed(AdmissionRequest request) {
    return engine.admit(request).allowed();
  }

  private static boolean allowed(String namespace, Map<String, String> data) {
    return allowed(configMapCreate(namespace, data, "alice"));
  }

  @Test
  void policyCreatedUpdatedThenBroken_hotReloadsThenKeepsLastGoodVersion() throws Exception {
    String ns = Fixtures.namespace(admin);
    String name = "needs-" + Fixtures.suffix();
    Fixtures.apply(admin, VALIDATING_POLICY, policy(name, "", "'a' in object.data"));
    Fixtures.apply(admin, VALIDATING_POLICY_BINDING, binding(name, ns, ""));
    try {
      assertThat(eventually(() -> !allowed(ns, Map.of("b", "1")))).isTrue();
      assertThat(allowed(ns, Map.of("a", "1"))).isTrue();

      Fixtures.apply(admin, VALIDATING_POLICY, policy(name, "", "'b' in object.data"));
      assertThat(eventually(() -> allowed(ns, Map.of("b", "1")))).isTrue();
      assertThat(allowed(ns, Map.of("a", "1"))).isFalse();

      Fixtures.apply(admin, VALIDATING_POLICY, policy(name, "", "object.data.nope("));
      String problem =
          "celador.dev/v1alpha1/ValidatingPolicy/"
              + name
              + ": field spec.validations[0].expression: error[";
      assertThat(
              eventually(
                  () ->
                      source.stats().lastProblems().stream().anyMatch(p -> p.startsWith(problem))))
          .as(source.stats().toString())
          .isTrue();
      assertThat(outcomes).anyMatch(o -> o.succeeded() && !o.problems().isEmpty());
      assertThat(
              eventually(
                  () -> ObjectFeedback.readyIs(admin, VALIDATING_POLICY, null, name, "False")))
          .isTrue();
      assertThat(ObjectFeedback.ready(admin, VALIDATING_POLICY, null, name).orElseThrow())
          .containsEntry("reason", "Invalid")
          .hasEntrySatisfying(
              "message", m -> assertThat((String) m).contains("field spec.validations[0]"));
      assertThat(
              eventually(() -> !ObjectFeedback.events(admin, "default", name, "Invalid").isEmpty()))
          .as("a Warning event in namespace default, as for any cluster-scoped object")
          .isTrue();
      // Its last good version still decides.
      assertThat(allowed(ns, Map.of("b", "1"))).isTrue();
      assertThat(allowed(ns, Map.of("a", "1"))).isFalse();
    } finally {
      Fixtures.deletePolicyAndBinding(admin, name);
    }
    assertThat(eventually(() -> allowed(ns, Map.of("a", "1")))).isTrue();
  }

  @Test
  void namespaceLabelChange_switchesNamespaceSelector() throws Exception {
    String ns = Fixtures.namespace(admin);
    String name = "prod-only-" + Fixtures.suffix();
    Fixtures.apply(admin, VALIDATING_POLICY, policy(name, "", "false"));
    Fixtures.apply(
        admin,
        VALIDATING_POLICY_BINDING,
        validatingPolicyBinding(name, "", Map.of("celador-test", ns, "env", "prod")));
    try {
      assertThat(
              eventually(
                  () ->
                      engine.snapshot().orElseThrow().admission().orElseThrow().policyCount() > 0))
          .isTrue();
      Thread.sleep(500);
      assertThat(allowed(ns, Map.of())).as("namespace not labelled env=prod yet").isTrue();

      Fixtures.label(admin, ns, "env", "prod");
      assertThat(eventually(() -> !allowed(ns, Map.of()))).isTrue();

      Fixtures.label(admin, ns, "env", "dev");
      assertThat(eventually(() -> allowed(ns, Map.of()))).isTrue();
    } finally {
      Fixtures.deletePolicyAndBinding(admin, name);
    }
  }

  @Test
  void paramConfigMapChange_changesDecision() throws Exception {
    String ns = Fixtures.namespace(admin);
    String name = "max-keys-" + Fixtures.suffix();
    admin.configMaps().inNamespace(ns).resource(Fixtures.configMap("limits", "max", "1")).create();
    Fixtures.apply(
        admin,
        VALIDATING_POLICY,
        policy(
            name,
            "paramKind: {apiVersion: v1, kind: ConfigMap}",
            "object.data.size() <= int(params.data.max)"));
    Fixtures.apply(
        admin,
        VALIDATING_POLICY_BINDING,
        binding(
            name,
            ns,
            "paramRef: {name: limits, namespace: " + ns + ", parameterNotFoundAction: Deny}"));
    Map<String, String> twoKeys = Map.of("a", "1", "b", "2");
    try {
      assertThat(eventually(() -> !allowed(ns, twoKeys))).isTrue();
      assertThat(allowed(ns, Map.of("a", "1"))).isTrue();

      admin.configMaps().inNamespace(ns).withName("limits").edit(c -> withMax(c, "5"));
      assertThat(eventually(() -> allowed(ns, twoKeys))).isTrue();

      admin.configMaps().inNamespace(ns).withName("limits").delete();
      assertThat(eventually(() -> !allowed(ns, Map.of("a", "1"))))
          .as("parameterNotFoundAction: Deny once the param is gone")
          .isTrue();
    } finally {
      Fixtures.deletePolicyAndBinding(admin, name);
    }
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap withMax(
      io.fabric8.kubernetes.api.model.ConfigMap configMap, String max) {
    configMap.getData().put("max", max);
    return configMap;
  }

  @Test
  void authorizerCheck_answersFromRbacThroughSubjectAccessReview() throws Exception {
    String ns = Fixtures.namespace(admin);
    String name = "may-get-" + Fixtures.suffix();
    ConfigMapGrants.grant(admin, ns, "reader", List.of("get"), user("alice"));
    Fixtures.apply(
        admin,
        VALIDATING_POLICY,
        policy(
            name,
            "",
            "authorizer.group('').resource('configmaps').namespace(request.namespace)"
                + ".check('get').allowed()"));
    Fixtures.apply(admin, VALIDATING_POLICY_BINDING, binding(name, ns, ""));
    try {
      assertThat(eventually(() -> !allowed(configMapCreate(ns, Map.of(), "bob")))).isTrue();
      assertThat(allowed(configMapCreate(ns, Map.of(), "alice"))).isTrue();
    } finally {
      Fixtures.deletePolicyAndBinding(admin, name);
    }
  }
}
