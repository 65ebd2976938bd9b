package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-policy results on the decision, and the decision log line built from them. */
class AdmissionDecisionLogTest {

  private static final String POLICIES =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: no-plain-passwords}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets]}
        validations:
        - expression: "!('password' in object.stringData)"
          messageExpression: "'password ' + object.stringData.password + ' must not be plain'"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: no-plain-passwords-deny}
      spec: {policyName: no-plain-passwords, validationActions: [Deny]}
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: labelled}
      spec:
        matchConstraints:
          resourceRules:
          - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
        matchConditions:
        - {name: only-create, expression: "request.operation == 'CREATE'"}
        validations:
        - expression: "has(object.metadata.labels)"
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: labelled-warn}
      spec: {policyName: labelled, validationActions: [Warn]}
      """;

  @TempDir Path dir;

  @Test
  void line_deniedSecret_listsPolicyResultsAndRedactsMessageAndObject() throws IOException {
    CompiledAdmissionSet set = load();
    AdmissionRequest request =
        AdmissionRequest.fromMap(
            Map.of(
                "uid",
                "u-1",
                "operation",
                "CREATE",
                "kind",
                Map.of("group", "", "version", "v1", "kind", "Secret"),
                "resource",
                Map.of("group", "", "version", "v1", "resource", "secrets"),
                "namespace",
                "shop",
                "name",
                "db",
                "userInfo",
                Map.of("username", "alice", "extra", Map.of("token", List.of("t0k"))),
                "object",
                Map.of(
                    "metadata",
                    Map.of("name", "db"),
                    "stringData",
                    Map.of("password", "hunter2"))));

    AdmissionDecision decision = set.evaluate(request, AdmissionContext.empty());
    String line =
        AdmissionDecisionLog.line(
            Instant.parse("2026-07-01T10:00:00Z"), set.revision(), request, decision, 42);

    assertThat(decision.evaluations())
        .containsExactly(
            new AdmissionDecision.PolicyEvaluation(
                "labelled", "labelled-warn", AdmissionDecision.Result.WARN),
            new AdmissionDecision.PolicyEvaluation(
                "no-plain-passwords", "no-plain-passwords-deny", AdmissionDecision.Result.DENY));
    assertThat(set.revision()).matches("[0-9a-f]{16}");
    assertThat(line.replaceFirst("\"decision_id\":\"[0-9a-f-]{36}\"", "\"decision_id\":\"ID\""))
        .isEqualTo(
            "{\"time\":\"2026-07-01T10:00:00Z\",\"decision_id\":\"ID\",\"type\":\"admission\","
                + "\"revision\":\""
                + set.revision()
                + "\",\"allowed\":false,\"status\":422,\"duration_us\":42,\"uid\":\"u-1\","
                + "\"operation\":\"CREATE\",\"resource\":\"v1/secrets\",\"namespace\":\"shop\","
                + "\"name\":\"db\",\"user\":\"alice\",\"dry_run\":false,"
                + "\"reason\":\"Invalid\",\"message\":\"(redacted: Secret)\","
                + "\"warnings\":1,\"policies\":["
                + "{\"policy\":\"labelled\",\"binding\":\"labelled-warn\",\"result\":\"warn\"},"
                + "{\"policy\":\"no-plain-passwords\",\"binding\":\"no-plain-passwords-deny\","
                + "\"result\":\"deny\"}]}");
    assertThat(line).doesNotContain("hunter2").doesNotContain("t0k");
  }

  @Test
  void line_mutation_recordsWhoPatchedAndThePatchSizeNeverThePatch() {
    AdmissionRequest request =
        AdmissionRequest.fromMap(
            Map.of(
                "uid", "u-3",
                "operation", "CREATE",
                "kind", Map.of("group", "", "version", "v1", "kind", "ConfigMap"),
                "resource", Map.of("group", "", "version", "v1", "resource", "configmaps"),
                "name", "c",
                "userInfo", Map.of("username", "alice"),
                "object", Map.of("data", Map.of("a", "b"))));
    Map<String, Object> mutated = Map.of("data", Map.of("a", "b", "token", "hunter2"));
    var op =
        new dev.celador.engine.internal.jsonpatch.JsonPatchOperation(
            "add", "/data/token", "", "x", true);
    MutationResult result =
        new MutationResult(
            true,
            200,
            "",
            "",
            mutated,
            List.of(
                new MutationResult.AppliedPatch("token", "token-all", 0, List.of(op)),
                new MutationResult.AppliedPatch("token", "token-all", 1, List.of(op))));

    AdmissionMutation mutation = AdmissionMutation.of(request, result);
    String line =
        AdmissionDecisionLog.line(
            Instant.parse("2026-07-01T10:00:00Z"), "r1", null, request, mutation, 7);

    assertThat(mutation.patchJson())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/data/token\",\"value\":\"hunter2\"}]");
    assertThat(line.replaceFirst("\"decision_id\":\"[0-9a-f-]{36}\"", "\"decision_id\":\"ID\""))
        .isEqualTo(
            "{\"time\":\"2026-07-01T10:00:00Z\",\"decision_id\":\"ID\",\"type\":\"admission\","
                + "\"revision\":\"r1\",\"allowed\":true,\"duration_us\":7,\"uid\":\"u-3\","
                + "\"operation\":\"CREATE\",\"resource\":\"v1/configmaps\",\"namespace\":\"\","
                + "\"name\":\"c\",\"user\":\"alice\",\"dry_run\":false,\"warnings\":0,"
                + "\"mutation\":{\"applied\":[{\"policy\":\"token\",\"binding\":\"token-all\"}],"
                + "\"patch_operations\":1,\"patch_bytes\":"
                + mutation.patchJson().length()
                + "}}");
  }

  @Test
  void evaluate_matchConditionFalse_reportsSkip() throws IOException {
    CompiledAdmissionSet set = load();
    AdmissionRequest request =
        AdmissionRequest.fromMap(
            Map.of(
                "uid", "u-2",
                "operation", "DELETE",
                "kind", Map.of("group", "", "version", "v1", "kind", "ConfigMap"),
                "resource", Map.of("group", "", "version", "v1", "resource", "configmaps"),
                "oldObject", Map.of("metadata", Map.of("name", "c"))));

    AdmissionDecision decision = set.evaluate(request, AdmissionContext.empty());

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.evaluations()).extracting(e -> e.result().label()).containsExactly("skip");
  }

  @Test
  void revision_sameSourcesTwice_sameRevisionAndAnEditChangesIt() throws IOException {
    String first = load().revision();
    String again = load().revision();
    Files.writeString(dir.resolve("p.yaml"), POLICIES.replace("only-create", "creates-only"));
    String edited =
        new AdmissionEngine().load(List.of(dir.resolve("p.yaml"))).set().get().revision();

    assertThat(again).isEqualTo(first);
    assertThat(edited).isNotEqualTo(first).matches("[0-9a-f]{16}");
  }

  private CompiledAdmissionSet load() throws IOException {
    Path file = Files.writeString(dir.resolve("p.yaml"), POLICIES);
    var loaded = new AdmissionEngine().load(List.of(file));
    assertThat(loaded.diagnostics()).isEmpty();
    return loaded.set().orElseThrow();
  }
}
