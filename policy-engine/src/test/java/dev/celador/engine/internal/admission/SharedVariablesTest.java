package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies with the same variable definitions share the values within one request; each must still
 * decide exactly as it does alone: paying the shared variables' cost from its own budget, and never
 * seeing a value computed with another binding's params.
 */
class SharedVariablesTest {

  @TempDir Path dir;

  @Test
  void evaluate_sharedVariables_stillChargeEachPolicysBudget() throws IOException {
    // Each variable walks a 60,000-item list (a few cost units an item, under the per-call limit):
    // twenty fit in a policy's budget, forty do not, so b-heavy only runs out if it pays for the
    // twenty it reuses.
    // Policies evaluate by name: b-heavy reuses what a-light computed, c-light what b-heavy did.
    String light = policy("a-light", 20);
    String heavy = policy("b-heavy", 40);
    String lightAgain = policy("c-light", 20);
    Map<String, Object> object = Map.of("items", Collections.nCopies(60_000, 1L));
    AdmissionRequest request = request(object);

    AdmissionDecision lightAlone = load(light).evaluate(request, context());
    AdmissionDecision heavyAlone = load(heavy).evaluate(request, context());
    AdmissionDecision together =
        load(light + "---\n" + heavy + "---\n" + lightAgain).evaluate(request, context());

    assertThat(lightAlone.allowed()).isTrue();
    assertThat(load(policy("a-light", 40 - 20)).evaluate(request, context()).allowed()).isTrue();
    assertThat(heavyAlone.allowed()).isFalse();
    assertThat(heavyAlone.message()).contains("running out of cost budget");
    assertThat(together.allowed()).isFalse();
    assertThat(together.message()).isEqualTo(heavyAlone.message());
    assertThat(together.evaluations())
        .extracting(e -> e.policy() + "=" + e.result())
        .containsExactly("a-light=ALLOW", "b-heavy=ERROR", "c-light=ALLOW");
  }

  @Test
  void evaluate_variablesOfParams_areNotSharedBetweenBindings() throws IOException {
    String policy =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: limit}
        spec:
          paramKind: {apiVersion: example.com/v1, kind: Limit}
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
          variables:
          - {name: max, expression: "params.max"}
          validations:
          - expression: "object.n <= variables.max"
            messageExpression: "'n exceeds ' + string(variables.max)"
        """
            + binding("a-loose", "loose")
            + binding("b-strict", "strict");
    List<Map<String, Object>> params = new ArrayList<>();
    params.add(param("loose", 5));
    params.add(param("strict", 1));
    AdmissionContext context = new AdmissionContext(params, Map.of(), context().authorizer());

    AdmissionDecision decision = load(policy).evaluate(request(Map.of("n", 3L)), context);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .isEqualTo(
            "ValidatingAdmissionPolicy 'limit' with binding 'b-strict' denied request: n exceeds"
                + " 1");
  }

  private static String policy(String name, int variables) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: NAME}
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
              variables:
            """
                .replace("NAME", name));
    List<String> reads = new ArrayList<>();
    for (int i = 0; i < variables; i++) {
      yaml.append("  - {name: v")
          .append(i)
          .append(", expression: \"object.items.all(x, x == 1)\"}\n");
      reads.add("variables.v" + i);
    }
    yaml.append("  validations:\n  - expression: \"")
        .append(String.join(" && ", reads))
        .append("\"\n");
    return yaml
        + "---\n"
        + "apiVersion: admissionregistration.k8s.io/v1\n"
        + "kind: ValidatingAdmissionPolicyBinding\n"
        + "metadata: {name: "
        + name
        + "}\n"
        + "spec: {policyName: "
        + name
        + ", validationActions: [Deny]}\n";
  }

  private static String binding(String name, String param) {
    return "---\n"
        + "apiVersion: admissionregistration.k8s.io/v1\n"
        + "kind: ValidatingAdmissionPolicyBinding\n"
        + "metadata: {name: "
        + name
        + "}\n"
        + "spec:\n"
        + "  policyName: limit\n"
        + "  validationActions: [Deny]\n"
        + "  paramRef: {name: "
        + param
        + ", namespace: params, parameterNotFoundAction: Deny}\n";
  }

  private static Map<String, Object> param(String name, long max) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("apiVersion", "example.com/v1");
    p.put("kind", "Limit");
    p.put("metadata", Map.of("name", name, "namespace", "params"));
    p.put("max", max);
    return p;
  }

  private static AdmissionContext context() {
    return AdmissionContext.empty();
  }

  private static AdmissionRequest request(Map<String, Object> object) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "1");
    request.put("kind", Map.of("group", "", "version", "v1", "kind", "Pod"));
    request.put("resource", Map.of("group", "", "version", "v1", "resource", "pods"));
    request.put("name", "p");
    request.put("namespace", "default");
    request.put("operation", "CREATE");
    request.put("userInfo", Map.of("username", "bob"));
    request.put("object", object);
    return AdmissionRequest.fromMap(request);
  }

  private CompiledAdmissionSet load(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "policies-", ".yaml");
    Files.writeString(file, yaml);
    var loaded = new AdmissionEngine().load(List.of(file));
    assertThat(loaded.diagnostics()).as("policy diagnostics").isEmpty();
    return loaded.set().orElseThrow();
  }
}
