package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admission lint rules: what the API server accepts but is almost certainly a mistake. Each is
 * a warning, so the set still loads.
 */
class AdmissionLintTest {

  private static final String BINDING =
      """
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata:
        name: %s
      spec:
        policyName: %s
        validationActions: [Deny]
      """;

  private final AdmissionEngine engine = new AdmissionEngine();

  private static String policy(String name, String spec) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: %s
        spec:
          matchConstraints:
            resourceRules:
            - apiGroups: ["apps"]
              apiVersions: ["v1"]
              operations: ["CREATE"]
              resources: ["deployments"]
        %s"""
        .formatted(name, spec.indent(2));
  }

  private static String binding(String name, String policyName) {
    return BINDING.formatted(name, policyName);
  }

  private AdmissionEngine.Loaded load(String text) {
    return engine.loadSources(List.of(new SourceFile("p.yaml", text)));
  }

  /** The headlines of the diagnostics of policy 'p' with {@code spec}, bound. */
  private List<String> lint(String spec) {
    return headlines(load(policy("p", spec) + binding("b", "p")));
  }

  private static List<String> headlines(AdmissionEngine.Loaded loaded) {
    return loaded.diagnostics().stream().map(Diagnostic::headline).toList();
  }

  private static final String OK_VALIDATION =
      """
      validations:
      - expression: "object.spec.replicas < 10"
      """;

  @Test
  void compile_policyWithBinding_noWarnings() {
    AdmissionEngine.Loaded loaded = load(policy("p", OK_VALIDATION) + binding("b", "p"));

    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.set()).isPresent();
  }

  @Test
  void compile_policyWithoutBinding_warnsUnboundPolicyAndStillLoads() {
    AdmissionEngine.Loaded loaded = load(policy("lonely", OK_VALIDATION));

    assertThat(headlines(loaded))
        .containsExactly(
            "p.yaml:1:1: warning[unbound_policy]: ValidatingAdmissionPolicy 'lonely' has no"
                + " binding, so it never applies");
    assertThat(loaded.set()).isPresent();
  }

  @Test
  void compile_bindingNamingMissingPolicy_warnsPolicyNotFound() {
    AdmissionEngine.Loaded loaded =
        load(policy("p", OK_VALIDATION) + binding("b", "p") + binding("typo", "pp"));

    assertThat(headlines(loaded))
        .containsExactly(
            "p.yaml:23:1: warning[binding_policy_not_found]: ValidatingAdmissionPolicyBinding"
                + " 'typo' names policy 'pp', which does not exist, so it never matches");
    assertThat(loaded.set()).isPresent();
  }

  @Test
  void compile_variableNeverUsed_warnsUnusedVariable() {
    List<String> found =
        lint(
            """
                    variables:
                    - name: used
                      expression: "object.spec.replicas"
                    - name: spare
                      expression: "object.metadata.name"
                    validations:
                    - expression: "variables.used < 10"
                    """);

    assertThat(found)
        .containsExactly("p.yaml:16:18: warning[unused_variable]: variable 'spare' is never used");
  }

  @Test
  void compile_variableUsedOnlyByAnotherVariableOrMessage_noWarning() {
    List<String> found =
        lint(
            """
                    variables:
                    - name: a
                      expression: "object.spec.replicas"
                    - name: b
                      expression: "variables.a + 1"
                    - name: c
                      expression: "'too many'"
                    validations:
                    - expression: "variables.b < 10"
                      messageExpression: "variables.c"
                    """);

    assertThat(found).isEmpty();
  }

  @Test
  void compile_paramsWithoutParamKind_warnsAtTheReference() {
    List<String> found =
        lint(
            """
                    validations:
                    - expression: "object.spec.replicas <= params.max"
                    """);

    assertThat(found)
        .containsExactly(
            "p.yaml:13:42: warning[params_without_param_kind]: 'params' is always null: policy"
                + " 'p' declares no spec.paramKind");
  }

  @Test
  void compile_paramsWithParamKind_noWarning() {
    List<String> found =
        lint(
            """
                    paramKind:
                      apiVersion: v1
                      kind: ConfigMap
                    validations:
                    - expression: "object.spec.replicas <= int(params.data.max)"
                    """);

    assertThat(found).isEmpty();
  }

  @Test
  void compile_constantFalseValidation_warnsAlwaysFalse() {
    List<String> found =
        lint(
            """
                    validations:
                    - expression: "1 > 2 || 'a' == 'b'"
                    """);

    assertThat(found)
        .containsExactly(
            "p.yaml:13:18: warning[always_false]: spec.validations[0].expression is always false,"
                + " so every matching request is denied");
  }

  @Test
  void compile_constantFalseMatchCondition_warnsAlwaysFalse() {
    List<String> found =
        lint(
            """
                    matchConditions:
                    - name: never
                      expression: "false"
                    validations:
                    - expression: "object.spec.replicas < 10"
                    """);

    assertThat(found)
        .containsExactly(
            "p.yaml:14:18: warning[always_false]: spec.matchConditions[0].expression is always"
                + " false, so the policy never applies");
  }

  @Test
  void compile_constantTrueOrDependentExpressions_noAlwaysFalseWarning() {
    List<String> found =
        lint(
            """
                    validations:
                    - expression: "true"
                    - expression: "[1, 2].all(x, x > 5) || object.spec.replicas > 0"
                    """);

    assertThat(found).isEmpty();
  }

  @Test
  void compile_noMatchingOverload_typeParametersReadable() {
    List<String> found =
        lint(
            """
                    validations:
                    - expression: "object.spec.replicas == 'a' && 1 == 'b'"
                    """);

    assertThat(found).noneMatch(h -> h.contains("%"));
    assertThat(found).anyMatch(h -> h.contains("applied to '(int, string)' (candidates: (A, A))"));
  }

  @Test
  void compile_emptyCollectionsInTypeErrors_typeVariablesReadable() {
    List<String> found =
        lint(
            """
            validations:
            - expression: "[] == 1 || {} + 1 == 2"
            """);

    assertThat(found)
        .noneMatch(h -> h.contains("%"))
        .anyMatch(h -> h.contains("applied to '(list(elem), int)'"))
        .anyMatch(h -> h.contains("applied to '(map(key, value), int)'"));
  }
}
