package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The amplification attacks of issue 17 written as ValidatingAdmissionPolicy {@code variables}:
 * each is denied promptly, in kube-apiserver's words, having built little. Before calls were
 * charged by their arguments, the join case built a 268-million-character string (and ran {@code
 * celador eval} out of memory) and the sets case compared for minutes.
 */
class HostileAdmissionTest {

  @TempDir Path dir;

  private static final String SIXTEEN = "[" + "variables.s, ".repeat(15) + "variables.s]";

  @Test
  @Timeout(20)
  void evaluate_joinLadderInVariables_isDeniedBeforeItBuilds() throws IOException {
    Measured m =
        decide(
            List.of(
                "{name: s, expression: \"object.data.big\"}",
                "{name: a, expression: \"" + SIXTEEN + "\"}",
                "{name: b, expression: \"" + "variables.a + ".repeat(15) + "variables.a\"}",
                "{name: joined, expression: \"variables.b.join('')\"}"),
            "size(variables.joined) > 0");
    assertThat(m.decision().allowed()).isFalse();
    assertThat(m.decision().message())
        .endsWith(
            "expression 'size(variables.joined) > 0' resulted in error: composited"
                + " variable \"joined\" fails to evaluate: operation cancelled: actual cost"
                + " limit exceeded");
    assertThat(m.allocated()).as("bytes allocated").isLessThan(64L << 20);
  }

  @Test
  @Timeout(20)
  void evaluate_setsContainsOfLargeSplitLists_isDeniedBeforeComparing() throws IOException {
    Measured m =
        decide(
            List.of(
                "{name: a, expression: \"object.data.big.substring(0, 65536).split('')\"}",
                "{name: b, expression: \"variables.a + ['z']\"}"),
            "sets.contains(variables.a, variables.b)");
    assertThat(m.decision().allowed()).isFalse();
    assertThat(m.decision().message())
        .endsWith(
            "expression 'sets.contains(variables.a, variables.b)' resulted in error:"
                + " operation cancelled: actual cost limit exceeded");
    assertThat(m.allocated()).as("bytes allocated").isLessThan(256L << 20);
  }

  @Test
  @Timeout(20)
  void evaluate_regexFromTheObject_isSizedBeforeCompiling() throws IOException {
    Measured m = decide(List.of(), "object.data.big.matches(object.data.re)");
    assertThat(m.decision().allowed()).isFalse();
    assertThat(m.decision().message()).contains("exceeds allowed program size");
  }

  @Test
  void evaluate_ordinaryVariables_stillAllow() throws IOException {
    Measured m =
        decide(
            List.of(
                "{name: parts, expression: \"'a,b,c'.split(',')\"}",
                "{name: joined, expression: \"variables.parts.join('-') + '!'\"}"),
            "variables.joined == 'a-b-c!' && sets.contains(variables.parts, ['b'])"
                + " && object.data.re.size() > 0 && !'abc'.matches('^x')");
    assertThat(m.decision().allowed()).isTrue();
  }

  private record Measured(AdmissionDecision decision, long allocated) {}

  private Measured decide(List<String> variables, String validation) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: hostile}
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
            """);
    if (!variables.isEmpty()) {
      yaml.append("  variables:\n");
      variables.forEach(v -> yaml.append("  - ").append(v).append('\n'));
    }
    yaml.append("  validations:\n  - expression: \"").append(validation).append("\"\n");
    yaml.append(
        """
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: hostile}
        spec: {policyName: hostile, validationActions: [Deny]}
        """);
    Path file = Files.createTempFile(dir, "policies-", ".yaml");
    Files.writeString(file, yaml);
    var loaded = new AdmissionEngine().load(List.of(file));
    assertThat(loaded.diagnostics()).as("policy diagnostics").isEmpty();
    CompiledAdmissionSet set = loaded.set().orElseThrow();
    AdmissionRequest request = request();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    AdmissionDecision decision = set.evaluate(request, AdmissionContext.empty());
    return new Measured(decision, threads.getCurrentThreadAllocatedBytes() - before);
  }

  private static AdmissionRequest request() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", Map.of("name", "c", "namespace", "default"));
    object.put("data", Map.of("big", "x".repeat(1 << 20), "re", "(((a{100}){100}){100})"));
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("uid", "1");
    request.put("kind", Map.of("group", "", "version", "v1", "kind", "ConfigMap"));
    request.put("resource", Map.of("group", "", "version", "v1", "resource", "configmaps"));
    request.put("name", "c");
    request.put("namespace", "default");
    request.put("operation", "CREATE");
    request.put("userInfo", Map.of("username", "bob"));
    request.put("object", object);
    return AdmissionRequest.fromMap(request);
  }
}
