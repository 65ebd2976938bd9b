package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CompiledAdmissionSet#evaluate(AdmissionRequest, AdmissionContext, boolean)} traces. */
class ValidationTraceTest {

  private static final String POLICY =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: p}
      spec:
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
        validations:
          - expression: object.metadata.name != 'bad'
          - expression: object.metadata.name.size() < 5
          - expression: object.spec.missing == 1
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: b}
      spec: {policyName: p, validationActions: [Warn]}
      """;

  @TempDir Path dir;

  private CompiledAdmissionSet load() throws Exception {
    Path file = Files.writeString(dir.resolve("p.yaml"), POLICY);
    return new AdmissionEngine().load(List.of(file)).set().orElseThrow();
  }

  private static AdmissionRequest pod(String name) {
    return AdmissionRequest.fromMap(
        Map.of(
            "kind", Map.of("group", "", "version", "v1", "kind", "Pod"),
            "resource", Map.of("group", "", "version", "v1", "resource", "pods"),
            "operation", "CREATE",
            "object", Map.of("metadata", Map.of("name", name), "spec", Map.of())));
  }

  @Test
  void evaluate_withTracer_reportsValidationsThatRanAndWhetherTheyFailed_notErrors()
      throws Exception {
    List<ValidationTrace> trace = new ArrayList<>();
    AdmissionDecision decision = load().evaluate(pod("bad"), AdmissionContext.empty(), trace::add);

    assertThat(trace)
        .extracting(t -> t.policy() + "/" + t.binding() + "[" + t.index() + "] " + t.failed())
        .containsExactly("p/b[0] true", "p/b[1] false");
    assertThat(trace.get(1).location().line()).isEqualTo(10);
    assertThat(decision.warnings()).hasSize(2);
  }
}
