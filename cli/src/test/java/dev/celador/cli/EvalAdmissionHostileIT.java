package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celador eval --admission-review} of a policy whose {@code variables} join 256 copies of a
 * mebibyte string, in a JVM with a 256 MiB heap that exits on running out of memory (as the chart
 * runs it): the review must be denied promptly, in kube-apiserver's words. Before calls were
 * charged by their arguments, this ran the process out of memory.
 */
class EvalAdmissionHostileIT {

  @TempDir Path dir;

  @Test
  void eval_joinLadderInVariables_deniesUnderA256MiBHeap() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("hostile.yaml"), policy());
    Path review = Files.writeString(dir.resolve("review.json"), review());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CeladorCommand.class.getName(),
                    "eval",
                    "--policies",
                    policies.toString(),
                    "--admission-review",
                    review.toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }

    assertThat(exited).as("exited within 60 s").isTrue();
    assertThat(process.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
    assertThat(Files.readString(out))
        .contains("\"allowed\":false")
        .contains(
            "composited variable \\\"joined\\\" fails to evaluate: operation cancelled: actual"
                + " cost limit exceeded");
  }

  private static String policy() {
    String sixteen = "[" + "variables.s, ".repeat(15) + "variables.s]";
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: hostile}
        spec:
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
          variables:
          - {name: s, expression: "object.data.big"}
          - {name: a, expression: "SIXTEEN"}
          - {name: b, expression: "LADDER"}
          - {name: joined, expression: "variables.b.join('')"}
          validations:
          - expression: "size(variables.joined) > 0"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: hostile}
        spec: {policyName: hostile, validationActions: [Deny]}
        """
        .replace("SIXTEEN", sixteen)
        .replace("LADDER", "variables.a + ".repeat(15) + "variables.a");
  }

  private static String review() throws IOException {
    return """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u-1",
          "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
          "resource": {"group": "", "version": "v1", "resource": "configmaps"},
          "name": "c", "namespace": "default", "operation": "CREATE",
          "userInfo": {"username": "mallory"},
          "object": {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "c", "namespace": "default"},
            "data": {"big": "BIG"}}}}
        """
        .replace("BIG", "x".repeat(1 << 20));
  }
}
