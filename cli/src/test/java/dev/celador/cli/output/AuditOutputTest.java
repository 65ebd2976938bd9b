package dev.celador.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.admission.ObjectRequests;
import dev.celador.engine.internal.audit.AuditResults;
import dev.celador.verify.report.Palette;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code celador audit}'s summary, for people and as JSON. */
class AuditOutputTest {

  private static final String POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: small}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        validations:
          - expression: "!has(object.data) || object.data.size() < 2"
            message: too much data
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: small}
      spec: {policyName: small, validationActions: [Deny]}
      """;

  private static AuditResults results() {
    try (PolicyEngine engine = PolicyEngine.create(Clock.systemUTC())) {
      assertThat(engine.reloadSources(List.of(new SourceFile("p.yaml", POLICY))).hasErrors())
          .isFalse();
      AuditResults results = new AuditResults();
      AdmissionRequest.Gvr configmaps = new AdmissionRequest.Gvr("", "v1", "configmaps");
      AdmissionRequest.UserInfo admin = new AdmissionRequest.UserInfo("a", "", List.of(), Map.of());
      for (Map<String, Object> data :
          List.of(Map.<String, Object>of("a", "1"), Map.<String, Object>of("a", "1", "b", "2"))) {
        Map<String, Object> object =
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "ConfigMap",
                "metadata",
                Map.of("name", "cm-" + data.size(), "namespace", "shop"),
                "data",
                data);
        results.add(engine.explain(ObjectRequests.create(object, configmaps, admin)));
      }
      return results;
    }
  }

  @Test
  void text_oneDenied_namesItWithTheWebhooksMessageAndCounts() {
    AuditOutput output =
        new AuditOutput(List.of("v1 configmaps"), results(), new AuditOutput.Reports(1, 2));

    assertThat(output.text(Palette.NONE))
        .isEqualTo(
            """
            audited 1 kind: v1 configmaps
            denied  v1 ConfigMap shop/cm-2
              ValidatingAdmissionPolicy 'small' with binding 'small' denied request: too much data
            2 objects: 1 allowed, 1 denied; results: 1 pass, 1 fail, 0 warn, 0 error
            policy reports: 1 written, 2 stale deleted
            """);
  }

  @Test
  void json_withoutReports_countsDeniedAndNamespaces() {
    String json = new AuditOutput(List.of("v1 configmaps"), results(), null).json();

    assertThat(json)
        .contains(
            "\"objects\" : 2", "\"denied\" : 1", "\"namespace\" : \"shop\"", "\"name\" : \"cm-2\"")
        .doesNotContain("\"reports\"");
  }
}
