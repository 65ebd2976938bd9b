package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code celador check} type-checks mutations against the schemas of the kinds they match. */
class CheckMutationTypesTest {

  private static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.com}
      spec:
        group: example.com
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    replicas: {type: integer}
      """;

  private static final String POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata: {name: widgets}
      spec:
        reinvocationPolicy: Never
        matchConstraints:
          resourceRules:
          - {apiGroups: [example.com], apiVersions: [v1], operations: [CREATE], resources: [widgets]}
        mutations:
        - patchType: ApplyConfiguration
          applyConfiguration:
            expression: 'Object{spec: Object.spec{replicas: "2"}}'
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata: {name: widgets}
      spec: {policyName: widgets}
      """;

  @TempDir Path dir;

  @Test
  void check_mutationOfCustomResourceWithItsCrd_warnsAtTheValueWithACaret() throws IOException {
    Files.writeString(dir.resolve("crd.yaml"), CRD);
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);

    CliRun run = CliRun.of("check", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .isEqualTo(
            policy
                + ":12:55: warning[mutation_type_mismatch]: .spec.replicas: expected numeric (int"
                + " or float), got string (example.com/v1 Widget)\n"
                + "        expression: 'Object{spec: Object.spec{replicas: \"2\"}}'\n"
                + "                                                        ^\n");
    assertThat(run.out()).isEqualTo("2 files, 1 policy: OK (1 warning)\n");
  }

  @Test
  void check_strictWithoutTheCrd_failsSayingItWasNotChecked() throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), POLICY);

    CliRun run = CliRun.of("check", "--strict", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.POLICY_ERRORS);
    assertThat(run.err())
        .contains(
            "error[mutation_not_type_checked]: mutations not type-checked against a schema: no"
                + " schema for example.com/widgets");
  }
}
