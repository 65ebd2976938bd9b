package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.AdmissionContext;
import dev.celador.engine.internal.admission.AdmissionReviewMapper;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission documents load into the engine with their params and Namespaces, or keep the last good
 * policies and say why.
 */
class ClusterReloaderAdmissionTest {

  private final PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
  private final ClusterReloader reloader = new ClusterReloader(engine);

  @AfterEach
  void close() {
    engine.close();
  }

  private ReloadOutcome reload(
      List<SourceFile> policies, Map<String, Map<String, Object>> namespaces) {
    return reloader.reloadAdmission(
        policies, new AdmissionContext(List.of(), namespaces, DeclaredAuthorizer.none()));
  }

  private static List<SourceFile> sources(String... yaml) {
    return java.util.Arrays.stream(yaml)
        .map(y -> CustomResourceYaml.toSource(ClusterObjects.asStored(y)))
        .toList();
  }

  private static List<SourceFile> requiring(String key) {
    return sources(
        ClusterObjects.policy("p", "has(object.data) && '" + key + "' in object.data"),
        ClusterObjects.binding("b", "p"));
  }

  private AdmissionDecision decide(Map<String, String> data) throws Exception {
    Map<String, Object> review =
        Map.of(
            "apiVersion",
            "admission.k8s.io/v1",
            "kind",
            "AdmissionReview",
            "request",
            Map.of(
                "uid",
                "u1",
                "kind",
                Map.of("group", "", "version", "v1", "kind", "ConfigMap"),
                "resource",
                Map.of("group", "", "version", "v1", "resource", "configmaps"),
                "namespace",
                "default",
                "name",
                "cm",
                "operation",
                "CREATE",
                "userInfo",
                Map.of("username", "alice"),
                "object",
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "ConfigMap",
                    "metadata",
                    Map.of("name", "cm", "namespace", "default"),
                    "data",
                    data)));
    return engine.admit(AdmissionReviewMapper.read(review));
  }

  @Test
  void reload_goodPolicies_becomeActive() throws Exception {
    ReloadOutcome outcome = reload(requiring("a"), Map.of());

    assertThat(outcome).isEqualTo(new ReloadOutcome(true, true, 1, List.of()));
    assertThat(decide(Map.of("a", "1")).allowed()).isTrue();
    assertThat(decide(Map.of("b", "1")).allowed()).isFalse();
  }

  @Test
  void reload_brokenPolicy_keepsItsLastGoodVersionAndNamesObjectAndField() throws Exception {
    reload(requiring("a"), Map.of());

    ReloadOutcome broken =
        reload(
            sources(
                ClusterObjects.policy("p", "object.data.undefinedFunction()"),
                ClusterObjects.binding("b", "p")),
            Map.of());

    assertThat(broken.compiled()).isTrue();
    assertThat(broken.succeeded()).as("the other objects loaded").isTrue();
    assertThat(broken.policyCount()).isEqualTo(1);
    assertThat(reloader.verdicts().standingIn())
        .containsExactly("celador.dev/v1alpha1/ValidatingPolicy/p");
    assertThat(broken.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "celador.dev/v1alpha1/ValidatingPolicy/p: field spec.validations[0].expression:")
        .contains("undefinedFunction");
    assertThat(decide(Map.of("a", "1")).allowed()).isTrue();
    assertThat(decide(Map.of("b", "1")).allowed()).isFalse();
  }

  @Test
  void reload_fixedAfterBroken_newPoliciesActive() throws Exception {
    reload(requiring("a"), Map.of());
    reload(sources(ClusterObjects.policy("p", "1 + ")), Map.of());

    ReloadOutcome fixed = reload(requiring("b"), Map.of());

    assertThat(fixed.succeeded()).isTrue();
    assertThat(decide(Map.of("b", "1")).allowed()).isTrue();
    assertThat(decide(Map.of("a", "1")).allowed()).isFalse();
  }

  @Test
  void reload_onlyNamespacesChanged_noRecompileButNewContext() {
    List<SourceFile> policies = requiring("a");
    reload(policies, Map.of());
    var first = engine.snapshot().orElseThrow().admission().orElseThrow();
    Map<String, Object> ns = Map.of("apiVersion", "v1", "kind", "Namespace");

    ReloadOutcome outcome = reload(policies, Map.of("default", ns));

    assertThat(outcome.compiled()).isFalse();
    assertThat(engine.snapshot().orElseThrow().admission().orElseThrow()).isSameAs(first);
    assertThat(engine.snapshot().orElseThrow().admissionContext().namespaces())
        .containsKey("default");
  }

  @Test
  void reload_brokenBeforeAnyGood_othersLoadWithoutIt() throws Exception {
    List<SourceFile> policies = new java.util.ArrayList<>(requiring("a"));
    policies.addAll(sources(ClusterObjects.policy("q", "1 +")));

    ReloadOutcome outcome = reload(policies, Map.of());

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.policyCount()).isEqualTo(1);
    assertThat(outcome.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("celador.dev/v1alpha1/ValidatingPolicy/q: field spec.validations[0]");
    assertThat(reloader.verdicts().loaded())
        .containsExactlyInAnyOrder(
            "celador.dev/v1alpha1/ValidatingPolicy/p",
            "celador.dev/v1alpha1/ValidatingPolicyBinding/b");
    assertThat(reloader.verdicts().standingIn()).isEmpty();
    assertThat(decide(Map.of("b", "1")).allowed()).isFalse();
  }
}
