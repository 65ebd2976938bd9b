package dev.celador.engine.internal.admission;

import static dev.celador.engine.internal.admission.ConfigMapMutations.data;
import static dev.celador.engine.internal.admission.ConfigMapMutations.mutate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MutatingAdmissionPolicy with JSONPatch mutations, as kube-apiserver 1.36 applies them (the
 * differential corpus in conformance-tests checks the same against the real API server).
 */
class MutatingAdmissionTest {

  private static String policy(String failurePolicy, String extraSpec, String expression) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicy
        metadata: {name: p}
        spec:
          failurePolicy: %s
          reinvocationPolicy: Never
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        %s
          mutations:
          - patchType: JSONPatch
            jsonPatch:
              expression: '%s'
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicyBinding
        metadata: {name: b}
        spec:
          policyName: p
        """
        .formatted(failurePolicy, extraSpec, expression);
  }

  private static AdmissionEngine.Loaded load(String text) {
    return new AdmissionEngine().loadSources(List.of(new SourceFile("p.yaml", text)));
  }

  @Test
  void mutate_addWithEscapedKey_addsTheKey() {
    MutationResult result =
        mutate(
            policy(
                "Fail",
                "",
                "[JSONPatch{op: \"add\", path: \"/data/\" + jsonpatch.escapeKey(\"a/b~c\"),"
                    + " value: object.data.x + \"!\"}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isTrue();
    assertThat(data(result)).isEqualTo(Map.of("x", "y", "a/b~c", "y!"));
    assertThat(result.patch()).hasSize(1);
    assertThat(result.patch().get(0).path()).isEqualTo("/data/a~1b~0c");
  }

  @Test
  void mutate_failedTest_dropsThePatchSilently() {
    MutationResult result =
        mutate(
            policy(
                "Fail",
                "",
                "[JSONPatch{op: \"test\", path: \"/data/x\", value: \"other\"},"
                    + " JSONPatch{op: \"add\", path: \"/data/z\", value: \"w\"}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isTrue();
    assertThat(data(result)).isEqualTo(Map.of("x", "y"));
    assertThat(result.patches()).isEmpty();
  }

  @Test
  void mutate_patchThatDoesNotApplyUnderFail_deniesInApiServerWords() {
    MutationResult result =
        mutate(
            policy("Fail", "", "[JSONPatch{op: \"remove\", path: \"/data/nope\"}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isFalse();
    assertThat(result.code()).isEqualTo(403);
    assertThat(result.message())
        .isEqualTo(
            "policy 'p' with binding 'b' denied request: JSON Patch: error in remove for path:"
                + " '/data/nope': Unable to remove nonexistent key: nope: missing value");
  }

  @Test
  void mutate_expressionErrorUnderIgnore_leavesObjectAlone() {
    MutationResult result =
        mutate(
            policy(
                "Ignore",
                "",
                "[JSONPatch{op: \"add\", path: \"/data/z\", value: object.data.missing}]"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isTrue();
    assertThat(data(result)).isEqualTo(Map.of("x", "y"));
  }

  @Test
  void mutate_matchConditionFalse_skipsThePolicy() {
    MutationResult result =
        mutate(
            policy(
                "Fail",
                "  matchConditions:\n  - {name: never, expression: 'has(object.data.z)'}",
                "[JSONPatch{op: \"add\", path: \"/data/z\", value: \"w\"}]"),
            Map.of("x", "y"));

    assertThat(data(result)).isEqualTo(Map.of("x", "y"));
  }

  @Test
  void mutate_variables_seeTheObject() {
    MutationResult result =
        mutate(
            policy(
                "Fail",
                "  variables:\n  - {name: v, expression: 'object.data.x + \"-v\"'}",
                "[JSONPatch{op: \"replace\", path: \"/data/x\", value: variables.v}]"),
            Map.of("x", "y"));

    assertThat(data(result)).isEqualTo(Map.of("x", "y-v"));
  }

  @Test
  void mutate_applyConfiguration_mergesIntoTheObject() {
    MutationResult result =
        mutate(
            policy("Fail", "", "Object{data: {\"z\": object.data.x}}")
                .replace("patchType: JSONPatch", "patchType: ApplyConfiguration")
                .replace("jsonPatch:", "applyConfiguration:"),
            Map.of("x", "y"));

    assertThat(result.allowed()).isTrue();
    assertThat(data(result)).isEqualTo(Map.of("x", "y", "z", "y"));
    assertThat(result.patch())
        .singleElement()
        .satisfies(op -> assertThat(op.path()).isEqualTo("/data/z"));
  }

  @Test
  void load_mutationNotAListOfJsonPatch_reportsAtTheExpression() {
    var loaded = load(policy("Fail", "", "[]"));

    assertThat(loaded.set()).isEmpty();
    assertThat(loaded.diagnostics())
        .extracting(Diagnostic::headline)
        .contains(
            "p.yaml:14:20: error[wrong_result_type]: spec.mutations[0].jsonPatch.expression must"
                + " evaluate to list(JSONPatch), got list(dyn)");
  }

  @Test
  void load_deleteOperation_isRefused() {
    var loaded =
        load(policy("Fail", "", "[]").replace("operations: [CREATE]", "operations: [DELETE]"));

    assertThat(loaded.set()).isEmpty();
    assertThat(loaded.diagnostics())
        .extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("unsupported operation 'DELETE'"));
  }
}
