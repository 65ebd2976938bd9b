package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AdmissionDecision;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * ValidatingAdmissionPolicy semantics, one dynamic test per case of {@code admission-cases/<suite>/
 * cases.yaml} against the policies and bindings of {@code policies.yaml} in the same folder
 * (params, namespaces and authorizer answers alongside): allowed, code, message, warnings and audit
 * annotations must all be as kube-apiserver gives them.
 */
class AdmissionSemanticsTest {

  @TestFactory
  Stream<DynamicTest> evaluate_vapFixtures_matchApiServerResults() throws Exception {
    Path root = Path.of(getClass().getResource("/admission-cases").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path suite : dirs.sorted().toList()) {
        var loaded = new AdmissionEngine().load(List.of(suite.resolve("policies.yaml")));
        Map<String, Object> spec;
        try (InputStream in = Files.newInputStream(suite.resolve("cases.yaml"))) {
          spec = new Yaml().load(in);
        }
        for (Map<String, Object> c : list(spec.get("cases"))) {
          String name = suite.getFileName() + ": " + c.get("name");
          tests.add(
              DynamicTest.dynamicTest(
                  name,
                  () -> {
                    assertThat(loaded.diagnostics())
                        .as("policy errors")
                        .filteredOn(Diagnostic::isError)
                        .isEmpty();
                    run(loaded.set().orElseThrow(), spec, c);
                  }));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(60);
    return tests.stream();
  }

  private static void run(
      CompiledAdmissionSet set, Map<String, Object> suite, Map<String, Object> c) {
    List<Map<String, Object>> params = list(c.getOrDefault("params", suite.get("params")));
    Map<String, Map<String, Object>> namespaces = new LinkedHashMap<>();
    for (Map<String, Object> ns : list(suite.get("namespaces"))) {
      namespaces.put(String.valueOf(ObjectMaps.map(ns.get("metadata")).get("name")), ns);
    }
    List<DeclaredAuthorizer.Rule> rules = new ArrayList<>();
    for (Map<String, Object> r : list(suite.get("authorizer"))) {
      rules.add(
          new DeclaredAuthorizer.Rule(
              (String) r.get("user"),
              (String) r.get("verb"),
              (String) r.get("group"),
              (String) r.get("resource"),
              (String) r.get("subresource"),
              (String) r.get("namespace"),
              (String) r.get("name"),
              (String) r.get("path"),
              AuthzDecision.Verdict.valueOf((String) r.get("decision")),
              (String) r.get("reason")));
    }
    var context = new AdmissionContext(params, namespaces, new DeclaredAuthorizer(rules));
    Map<String, Object> request = new LinkedHashMap<>(ObjectMaps.map(suite.get("defaults")));
    request.putAll(ObjectMaps.map(c.get("request")));
    AdmissionDecision decision = set.evaluate(AdmissionRequest.fromMap(request), context);
    Map<String, Object> expect = ObjectMaps.map(c.get("expect"));
    boolean allowed = (Boolean) expect.get("allowed");
    assertThat(decision.allowed())
        .as("allowed (message: %s)", decision.message())
        .isEqualTo(allowed);
    assertThat(decision.code())
        .as("code")
        .isEqualTo(expect.getOrDefault("code", allowed ? 200 : 422));
    assertThat(decision.message()).as("message").isEqualTo(expect.getOrDefault("message", ""));
    assertThat(decision.warnings())
        .as("warnings")
        .isEqualTo(expect.getOrDefault("warnings", List.of()));
    assertThat(decision.auditAnnotations())
        .as("audit annotations")
        .isEqualTo(expect.getOrDefault("auditAnnotations", Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }
}
