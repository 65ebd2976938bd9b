package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CompiledAdmissionSet#explain}: a row per policy and binding, with why and what ran. */
class AdmissionReportTest {

  private static final String POLICIES =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: replicas}
      spec:
        paramKind: {apiVersion: v1, kind: ConfigMap}
        matchConstraints:
          resourceRules:
            - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
        matchConditions:
          - {name: not-skipped, expression: "!has(object.metadata.labels) || !('skip' in object.metadata.labels)"}
        validations:
          - expression: object.spec.replicas <= int(params.data.max)
            messageExpression: "'too many replicas: ' + string(object.spec.replicas)"
            reason: Forbidden
          - expression: object.metadata.name.size() < 20
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: replicas-deny}
      spec:
        policyName: replicas
        validationActions: [Deny]
        paramRef: {name: limits, namespace: shop, parameterNotFoundAction: Deny}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: replicas-warn-prod}
      spec:
        policyName: replicas
        validationActions: [Warn]
        paramRef: {name: limits, namespace: shop, parameterNotFoundAction: Deny}
        matchResources:
          namespaceSelector: {matchLabels: {env: prod}}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: replicas-audit-missing}
      spec:
        policyName: replicas
        validationActions: [Audit]
        paramRef: {name: absent, namespace: shop, parameterNotFoundAction: Allow}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: pods-only}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
        validations:
          - expression: "true"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: pods-only}
      spec: {policyName: pods-only, validationActions: [Deny]}
      """;

  private static final Map<String, Object> LIMITS =
      Map.of(
          "apiVersion",
          "v1",
          "kind",
          "ConfigMap",
          "metadata",
          Map.of("name", "limits", "namespace", "shop"),
          "data",
          Map.of("max", "3"));

  private static CompiledAdmissionSet set() {
    return new AdmissionEngine()
        .loadSources(List.of(new SourceFile("p.yaml", POLICIES)))
        .set()
        .orElseThrow();
  }

  private static AdmissionContext context() {
    return new AdmissionContext(
        List.of(LIMITS),
        Map.of("shop", Map.of("metadata", Map.of("name", "shop", "labels", Map.of("env", "dev")))),
        DeclaredAuthorizer.none());
  }

  private static AdmissionRequest deployment(int replicas, Map<String, String> labels) {
    return ObjectRequests.create(
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web", "namespace", "shop", "labels", labels),
            "spec",
            Map.of("replicas", replicas)),
        "default",
        new AdmissionRequest.UserInfo("alice", "", List.of(), Map.of()));
  }

  private static List<String> rows(AdmissionReport report) {
    return report.policies().stream()
        .map(
            r ->
                r.policy()
                    + "/"
                    + r.binding()
                    + " "
                    + r.result().label()
                    + (r.denies() ? " denies" : "")
                    + (r.detail().isEmpty() ? "" : ": " + r.detail()))
        .toList();
  }

  @Test
  void explain_overLimit_failsTheDenyBindingAndSaysWhyTheOthersWereSkipped() {
    CompiledAdmissionSet set = set();
    AdmissionRequest request = deployment(5, Map.of());

    AdmissionReport report = set.explain(request, context());

    assertThat(rows(report))
        .containsExactly(
            "pods-only/pods-only skip: policy: no resourceRule matches CREATE apps/v1 deployments",
            "replicas/replicas-audit-missing skip: paramRef found no params"
                + " (parameterNotFoundAction: Allow)",
            "replicas/replicas-deny deny denies",
            "replicas/replicas-warn-prod skip: binding: namespaceSelector does not select the"
                + " namespace 'shop'");
    PolicyResult deny = report.policies().get(2);
    assertThat(deny.validations())
        .extracting(v -> v.index() + " " + v.param() + " " + v.check().label() + " " + v.message())
        .containsExactly("0 limits fail too many replicas: 5", "1 limits pass ");
    assertThat(deny.validations().get(0).reason()).isEqualTo("Forbidden");
    assertThat(deny.validations().get(0).location().line()).isEqualTo(12);
    assertThat(report.decision()).isEqualTo(set.evaluate(request, context()));
    assertThat(report.decision().allowed()).isFalse();
  }

  @Test
  void explain_falseMatchCondition_namesTheCondition() {
    AdmissionReport report = set().explain(deployment(5, Map.of("skip", "yes")), context());

    assertThat(rows(report).get(2))
        .isEqualTo("replicas/replicas-deny skip: matchCondition 'not-skipped' is false");
    assertThat(report.decision().allowed()).isTrue();
  }

  @Test
  void explain_missingParamUnderDeny_isAnErrorThatDenies() {
    AdmissionContext noParams =
        new AdmissionContext(List.of(), context().namespaces(), DeclaredAuthorizer.none());

    AdmissionReport report = set().explain(deployment(1, Map.of()), noParams);

    assertThat(rows(report).get(2))
        .isEqualTo(
            "replicas/replicas-deny error denies: failed to configure binding: no params found for"
                + " policy binding with `Deny` parameterNotFoundAction");
    assertThat(report.decision().allowed()).isFalse();
  }

  @Test
  void explain_withinLimit_passes() {
    AdmissionReport report = set().explain(deployment(2, Map.of()), context());

    assertThat(rows(report).get(2)).isEqualTo("replicas/replicas-deny allow");
    assertThat(report.decision().allowed()).isTrue();
  }
}
