package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador eval --admission-review} with MutatingAdmissionPolicies: the mutation line (patch
 * and object, or the denial) before the AdmissionReview response, whose validation sees the mutated
 * object.
 */
class EvalMutationTest {

  private static final String POLICIES =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicy
      metadata: {name: team}
      spec:
        reinvocationPolicy: Never
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        mutations:
        - patchType: JSONPatch
          jsonPatch:
            expression: >-
              has(object.data) ? [JSONPatch{op: "add", path: "/data/team", value: "web"}]
              : [JSONPatch{op: "remove", path: "/data/team"}]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: MutatingAdmissionPolicyBinding
      metadata: {name: team}
      spec: {policyName: team}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: needs-team}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
        validations:
        - {expression: "object.data.team == 'web'", message: no team}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: needs-team}
      spec: {policyName: needs-team, validationActions: [Deny]}
      """;

  @TempDir Path dir;

  private CliRun eval(String object) throws IOException {
    Path policies = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    Path review =
        Files.writeString(
            dir.resolve("review.json"),
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"u1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},"
                + "\"name\":\"cm\",\"namespace\":\"default\",\"operation\":\"CREATE\","
                + "\"userInfo\":{\"username\":\"alice\"},\"object\":"
                + object
                + "}}");
    return CliRun.of(
        "eval", "--policies", policies.toString(), "--admission-review", review.toString());
  }

  @Test
  void eval_mutatingPolicy_printsPatchAndObjectThenValidatesTheMutatedObject() throws IOException {
    CliRun run =
        eval(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},"
                + "\"data\":{\"a\":\"b\"}}");

    assertThat(run.exitCode()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines[2]).as("the admission trace follows the review").isEqualTo("trace:");
    assertThat(lines[0])
        .isEqualTo(
            "{\"mutation\":{\"allowed\":true,\"patch\":[{\"op\":\"add\",\"path\":\"/data/team\","
                + "\"value\":\"web\"}],\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"b\",\"team\":\"web\"}}}}");
    assertThat(lines[1]).contains("\"uid\":\"u1\"").contains("\"allowed\":true");
  }

  @Test
  void eval_mutationFailsUnderFail_answersWithTheDenial() throws IOException {
    CliRun run =
        eval("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"}}");

    assertThat(run.exitCode()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0])
        .isEqualTo(
            "{\"mutation\":{\"allowed\":false,\"code\":403,\"message\":\"policy 'team' with"
                + " binding 'team' denied request: JSON Patch: remove operation does not apply:"
                + " doc is missing path: \\\"/data/team\\\": missing value\"}}");
    assertThat(lines[1]).contains("\"allowed\":false").contains("\"code\":403");
  }
}
