package dev.celador.engine.internal.admission;

import static dev.celador.engine.internal.admission.ConfigMapMutations.data;
import static dev.celador.engine.internal.admission.ConfigMapMutations.mutate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How kube-apiserver calls its MutatingAdmissionPolicy plugin twice when a mutation applied, and
 * how it orders errors (the map corpus's reinvoke.yaml checks the same against the API server).
 */
class MutationReinvocationTest {

  private static final String COUNTER =
      "[JSONPatch{op: \"replace\", path: \"/data/n\", value: string(int(object.data.n) + 1)}]";

  /** One policy and its binding; {@code extra} is more of the policy's spec, indented by two. */
  private static String policy(String name, String reinvocation, String extra, String expression) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicy
        metadata: {name: %1$s}
        spec:
          failurePolicy: Fail
          reinvocationPolicy: %2$s
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        %3$s
          mutations:
          - patchType: JSONPatch
            jsonPatch:
              expression: '%4$s'
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicyBinding
        metadata: {name: %1$s}
        spec:
          policyName: %1$s
        %5$s
        ---
        """
        .formatted(
            name,
            reinvocation,
            extra,
            expression,
            extra.contains("paramKind")
                ? "  paramRef: {name: nope, namespace: default, parameterNotFoundAction: Deny}"
                : "");
  }

  @Test
  void mutate_ifNeededPolicyThatApplied_runsTwice() {
    MutationResult result = mutate(policy("p", "IfNeeded", "", COUNTER), Map.of("n", "0"));

    assertThat(data(result)).isEqualTo(Map.of("n", "2"));
    assertThat(result.patches()).hasSize(2);
  }

  @Test
  void mutate_neverPolicy_runsOnce() {
    MutationResult result = mutate(policy("p", "Never", "", COUNTER), Map.of("n", "0"));

    assertThat(data(result)).isEqualTo(Map.of("n", "1"));
  }

  @Test
  void mutate_ifNeededBeforeAnotherPolicysChange_seesTheChangeWhenReinvoked() {
    String seen =
        "[JSONPatch{op: \"add\", path: \"/data/seen\","
            + " value: has(object.data.b) ? \"b\" : \"no b\"}]";
    MutationResult result =
        mutate(
            policy("a", "IfNeeded", "", seen)
                + policy(
                    "b", "Never", "", "[JSONPatch{op: \"add\", path: \"/data/b\", value: \"1\"}]"),
            Map.of("x", "y"));

    assertThat(data(result)).isEqualTo(Map.of("x", "y", "b", "1", "seen", "b"));
  }

  @Test
  void mutate_matchConditionThatErrsOnTheSecondCall_deniesEvenForNever() {
    String condition = "  matchConditions: [{name: has-x, expression: 'object.data.x == \"y\"'}]";
    MutationResult result =
        mutate(
            policy("p", "Never", condition, "[JSONPatch{op: \"remove\", path: \"/data/x\"}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isFalse();
    assertThat(result.message())
        .startsWith("policy 'p' with binding 'p' denied request: expression 'object.data.x");
  }

  @Test
  void mutate_paramErrorOfALaterPolicy_isReportedBeforeAnEarlierPolicysMutationError() {
    MutationResult result =
        mutate(
            policy("a", "Never", "", "[JSONPatch{op: \"remove\", path: \"/data/nope\"}]")
                + policy(
                    "b",
                    "Never",
                    "  paramKind: {apiVersion: v1, kind: ServiceAccount}",
                    "[JSONPatch{op: \"add\", path: \"/data/p\", value: \"1\"}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isFalse();
    assertThat(result.reason()).isEqualTo("Forbidden");
    assertThat(result.message())
        .isEqualTo(
            "policy 'b' with binding 'b' denied request: failed to configure binding: no params"
                + " found for policy binding with `Deny` parameterNotFoundAction");
  }

  @Test
  void mutate_jsonPatchAddingAnUndeclaredField_failsAsTheApiServerDecodingIt() {
    MutationResult result =
        mutate(
            policy("p", "Never", "", "[JSONPatch{op: \"add\", path: \"data/z\", value: \"w\"}]"),
            Map.of("x", "y"));

    assertThat(result.code()).isEqualTo(500);
    assertThat(result.message())
        .isEqualTo("Internal error occurred: strict decoding error: unknown field \"z\"");
  }

  @Test
  void mutate_jsonPatchAddingNullToStringMap_storesEmptyString() {
    MutationResult result =
        mutate(
            policy("p", "Never", "", "[JSONPatch{op: \"add\", path: \"/data/m\", value: null}]"),
            Map.of("x", "y"));

    assertThat(data(result)).isEqualTo(Map.of("x", "y", "m", ""));
  }

  @Test
  void mutate_objectNamedAfterAnotherField_failsAsTypeMismatch() {
    String text =
        policy("p", "Never", "", "x")
            .replace("patchType: JSONPatch", "patchType: ApplyConfiguration")
            .replace("jsonPatch:", "applyConfiguration:")
            .replace(
                "expression: 'x'",
                "expression: 'Object{metadata: Object.metadata{labels: Object.metadata.wrong{}}}'");

    MutationResult result = mutate(text, Map.of("x", "y"));

    assertThat(result.message())
        .isEqualTo(
            "policy 'p' with binding 'p' denied request: type mismatch: unexpected type name"
                + " \"Object.metadata.wrong\", expected \"Object.metadata.labels\", which matches"
                + " field name path from root Object type");
  }
}
