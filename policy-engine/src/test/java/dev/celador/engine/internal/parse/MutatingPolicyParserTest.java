package dev.celador.engine.internal.parse;

import static dev.celador.engine.internal.parse.Fixtures.headlines;
import static dev.celador.engine.internal.parse.Fixtures.parse;
import static dev.celador.engine.internal.parse.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.internal.model.FailurePolicy;
import dev.celador.engine.internal.model.MutatingPolicy;
import dev.celador.engine.internal.model.MutatingPolicyBinding;
import org.junit.jupiter.api.Test;

class MutatingPolicyParserTest {

  private static final String POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata: {name: add-team}
      spec:
        paramKind: {apiVersion: v1, kind: ConfigMap}
        reinvocationPolicy: IfNeeded
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}
        matchConditions:
        - {name: labelled, expression: "has(object.metadata.labels)"}
        variables:
        - {name: team, expression: "params.data.team"}
        mutations:
        - patchType: JSONPatch
          jsonPatch:
            expression: '[JSONPatch{op: "add", path: "/data/team", value: variables.team}]'
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata: {name: add-team}
      spec:
        policyName: add-team
        paramRef: {name: teams, namespace: default, parameterNotFoundAction: Deny}
      """;

  @Test
  void parse_policyAndBinding_readsEveryField() {
    ParseResult result = parse(yaml(POLICY));

    assertThat(result.diagnostics()).isEmpty();
    MutatingPolicy policy = (MutatingPolicy) result.documents().get(0);
    assertThat(policy.reinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
    assertThat(policy.paramKind().kind()).isEqualTo("ConfigMap");
    assertThat(policy.matchConditions()).hasSize(1);
    assertThat(policy.variables()).hasSize(1);
    assertThat(policy.mutations())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.patchType()).isEqualTo(MutatingPolicy.PatchType.JSON_PATCH);
              assertThat(m.expression().location().line()).isEqualTo(17);
            });
    MutatingPolicyBinding binding = (MutatingPolicyBinding) result.documents().get(1);
    assertThat(binding.policyName()).isEqualTo("add-team");
    assertThat(binding.paramRef().parameterNotFoundAction()).isEqualTo("Deny");
  }

  @Test
  void parse_schemaMistakes_reportsEachAtItsPosition() {
    String broken =
        POLICY
            .replace("  reinvocationPolicy: IfNeeded\n", "")
            .replace("operations: [CREATE, UPDATE]", "operations: [DELETE]")
            .replace("    jsonPatch:\n", "    jsonPatch:\n      patch: x\n");

    ParseResult result = parse(yaml(broken));

    assertThat(headlines(result))
        .containsExactly(
            "t.yaml:4:1: error[missing_field]: spec.reinvocationPolicy: required field is missing",
            "t.yaml:7:5: error[invalid_value]: spec.matchConstraints.resourceRules: unsupported"
                + " operation 'DELETE'; a mutating policy matches only: CREATE, UPDATE, CONNECT, *",
            "t.yaml:16:7: error[unknown_field]: unknown field 'patch' in"
                + " spec.mutations[0].jsonPatch; expected one of: expression");
  }
}
