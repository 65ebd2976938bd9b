package dev.celador.engine.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.ObjectRequests;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link AuditResults} and {@link PolicyReports}: what an audit keeps, and the reports' shape. */
class AuditResultsTest {

  private static final String POLICIES =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: labelled}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps, namespaces]}
        validations:
          - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
            message: every object needs a team label
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: labelled-deny}
      spec: {policyName: labelled, validationActions: [Deny]}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: updates-only}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [UPDATE], resources: [configmaps]}
        validations:
          - expression: "false"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: updates-only}
      spec: {policyName: updates-only, validationActions: [Deny]}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: short-names}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: ["*"], resources: [configmaps]}
        validations:
          - expression: object.metadata.name.size() < 6
            message: name too long
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: short-names-warn}
      spec: {policyName: short-names, validationActions: [Warn]}
      """;

  private static final PolicyEngine ENGINE = engine();
  private static final AdmissionRequest.UserInfo ADMIN =
      new AdmissionRequest.UserInfo("admin", "", List.of("system:masters"), Map.of());

  private static PolicyEngine engine() {
    PolicyEngine engine = PolicyEngine.create(Clock.systemUTC());
    assertThat(engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES))).hasErrors())
        .isFalse();
    return engine;
  }

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  private static void judge(
      AuditResults results, String kind, String ns, String name, boolean team) {
    Map<String, Object> metadata =
        ns.isEmpty()
            ? Map.of(
                "name", name, "uid", "u-" + name, "labels", team ? Map.of("team", "a") : Map.of())
            : Map.of(
                "name",
                name,
                "namespace",
                ns,
                "uid",
                "u-" + name,
                "labels",
                team ? Map.of("team", "a") : Map.of());
    Map<String, Object> object = Map.of("apiVersion", "v1", "kind", kind, "metadata", metadata);
    AdmissionRequest.Gvr resource =
        new AdmissionRequest.Gvr("", "v1", kind.equals("Namespace") ? "namespaces" : "configmaps");
    results.add(ENGINE.explain(ObjectRequests.create(object, resource, ADMIN)));
  }

  @Test
  void add_storedObjects_keepsResultsPerNamespaceAndTheDeniedObjects() {
    AuditResults results = new AuditResults();
    judge(results, "ConfigMap", "shop", "ok", true);
    judge(results, "ConfigMap", "shop", "unlabelled", false);
    judge(results, "ConfigMap", "web", "cfg", true);
    judge(results, "Namespace", "", "shop", false);

    assertThat(results.objects()).isEqualTo(4);
    assertThat(results.denied())
        .extracting(
            d -> d.resource().namespace() + "/" + d.resource().kind() + "/" + d.resource().name())
        .containsExactly("shop/ConfigMap/unlabelled", "/Namespace/shop");
    assertThat(results.denied().get(0).message()).contains("every object needs a team label");
    assertThat(results.byNamespace()).containsOnlyKeys("", "shop", "web");
    // updates-only names only UPDATE: a stored object is judged as its CREATE, so no result.
    assertThat(results.byNamespace().get("shop").entries())
        .extracting(e -> e.resource().name() + " " + e.policy() + "/" + e.rule() + " " + e.result())
        .containsExactly(
            "unlabelled labelled/labelled-deny fail",
            "unlabelled short-names/short-names-warn warn",
            "ok labelled/labelled-deny pass",
            "ok short-names/short-names-warn pass");
    AuditSummary all = results.summary();
    assertThat(List.of(all.pass(), all.fail(), all.warn(), all.error()))
        .containsExactly(4L, 2L, 1L, 0L);
  }

  @Test
  void add_moreResultsThanTheLimit_problemsPushOutPassesAndTheSummaryCountsAll() {
    AuditResults results = new AuditResults(3);
    judge(results, "ConfigMap", "shop", "a", true); // 2 pass
    judge(results, "ConfigMap", "shop", "b", true); // 2 pass
    judge(results, "ConfigMap", "shop", "toolong", false); // fail + warn

    NamespaceResults shop = results.byNamespace().get("shop");
    assertThat(shop.entries())
        .extracting(AuditEntry::result)
        .containsExactly("fail", "warn", "pass");
    assertThat(shop.summary().total()).isEqualTo(6);
    assertThat(shop.omitted()).isEqualTo(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void report_namespaceAndCluster_areShapedAsWgPolicyReports() {
    AuditResults results = new AuditResults(3);
    judge(results, "ConfigMap", "shop", "a", true);
    judge(results, "ConfigMap", "shop", "b", true);
    judge(results, "ConfigMap", "shop", "toolong", false);
    judge(results, "Namespace", "", "shop", true);
    Instant at = Instant.ofEpochSecond(1_800_000_000L, 5);

    Map<String, Object> report =
        PolicyReports.report("celador-audit", "shop", results.byNamespace().get("shop"), at);
    Map<String, Object> cluster =
        PolicyReports.report("celador-audit", "", results.byNamespace().get(""), at);

    assertThat(report)
        .containsEntry("apiVersion", "wgpolicyk8s.io/v1alpha2")
        .containsEntry("kind", "PolicyReport")
        .containsEntry(
            "summary", Map.of("pass", 4L, "fail", 1L, "warn", 1L, "error", 0L, "skip", 0L));
    assertThat((Map<String, Object>) report.get("metadata"))
        .containsEntry("name", "celador-audit")
        .containsEntry("namespace", "shop")
        .containsEntry("labels", Map.of("app.kubernetes.io/managed-by", "celador"))
        .containsEntry("annotations", Map.of("celador.dev/omitted-results", "3"));
    Map<String, Object> first = ((List<Map<String, Object>>) report.get("results")).get(0);
    assertThat(first)
        .containsEntry("source", "celador")
        .containsEntry("policy", "labelled")
        .containsEntry("rule", "labelled-deny")
        .containsEntry("result", "fail")
        .containsEntry("message", "every object needs a team label")
        .containsEntry("scored", true)
        .containsEntry("timestamp", Map.of("seconds", 1_800_000_000L, "nanos", 5))
        .containsEntry(
            "resources",
            List.of(
                Map.of(
                    "apiVersion", "v1",
                    "kind", "ConfigMap",
                    "namespace", "shop",
                    "name", "toolong",
                    "uid", "u-toolong")));
    assertThat(cluster).containsEntry("kind", "ClusterPolicyReport");
    assertThat((Map<String, Object>) cluster.get("metadata"))
        .doesNotContainKeys("namespace", "annotations");
  }
}
