package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mutate-then-validate step eval, apply and test share, and the trace of mutating match
 * conditions that test coverage counts.
 */
class MutatedRequestTest {

  /** Policy a stamps data.stage; b, which runs after it, only when it sees the stamp. */
  private static final String POLICIES =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata: {name: a}
      spec:
        reinvocationPolicy: Never
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        mutations:
        - patchType: JSONPatch
          jsonPatch:
            expression: '[JSONPatch{op: "add", path: "/data/stage", value: "1"}]'
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata: {name: a}
      spec: {policyName: a}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata: {name: b}
      spec:
        reinvocationPolicy: Never
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        matchConditions:
        - {name: stamped, expression: "object.data.?stage.orValue('') == '1'"}
        - {name: not-skipped, expression: "object.data.?x.orValue('') != 'skip'"}
        mutations:
        - patchType: JSONPatch
          jsonPatch:
            expression: 'object.data.?x.orValue("") == "fail" ? [JSONPatch{op: "remove", path: "/nope"}] : [JSONPatch{op: "add", path: "/data/b", value: "2"}]'
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata: {name: b}
      spec: {policyName: b}
      """;

  private static final AdmissionContext CONTEXT =
      new AdmissionContext(List.of(), Map.of(), DeclaredAuthorizer.none());

  private final CompiledAdmissionSet set = load();

  private static CompiledAdmissionSet load() {
    var loaded = new AdmissionEngine().loadSources(List.of(new SourceFile("p.yaml", POLICIES)));
    assertThat(loaded.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    return loaded.set().orElseThrow();
  }

  /** kubectl's CREATE of ConfigMap default/cm holding {@code data}. */
  private static AdmissionRequest request(Map<String, Object> data) {
    return ObjectRequests.create(
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", "cm"),
            "data",
            data),
        "default",
        new AdmissionRequest.UserInfo("admin", "", List.of(), Map.of()));
  }

  @Test
  void mutateForValidation_bothApply_requestCarriesTheMutatedObjectAndNoConditionWasFalse() {
    AdmissionRequest request = request(Map.of());

    MutatedRequest mutated = set.mutateForValidation(request, CONTEXT);

    assertThat(mutated.denial()).isNull();
    assertThat(mutated.changedBy()).containsExactly("a", "b");
    assertThat(((Map<?, ?>) mutated.request().object()).get("data"))
        .isEqualTo(Map.of("stage", "1", "b", "2"));
    assertThat(mutated.patchJson())
        .containsExactly(
            Map.of("op", "add", "path", "/data/stage", "value", "1"),
            Map.of("op", "add", "path", "/data/b", "value", "2"));
    // b's first condition saw a's stamp: the trace replays the object each policy saw.
    assertThat(set.falseMutationConditions(request, mutated, CONTEXT)).isEmpty();
  }

  @Test
  void falseMutationConditions_conditionSaysNo_isReportedByPolicyAndIndex() {
    AdmissionRequest request = request(Map.of("x", "skip"));

    MutatedRequest mutated = set.mutateForValidation(request, CONTEXT);

    assertThat(mutated.changedBy()).containsExactly("a");
    assertThat(set.falseMutationConditions(request, mutated, CONTEXT))
        .containsExactly(new MutationConditionTrace.Condition("b", 1));
  }

  @Test
  void denial_failingMutationUnderFail_answersWith403AndKeepsTheOriginalRequest() {
    AdmissionRequest request = request(Map.of("x", "fail"));

    MutatedRequest mutated = set.mutateForValidation(request, CONTEXT);

    assertThat(mutated.denial().allowed()).isFalse();
    assertThat(mutated.denial().code()).isEqualTo(403);
    assertThat(mutated.denial().message()).startsWith("policy 'b' with binding 'b' denied request");
    assertThat(mutated.request()).isSameAs(request);
    assertThat(set.falseMutationConditions(request, mutated, CONTEXT)).isEmpty();
  }
}
