package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cel.common.values.NullValue;
import dev.celador.engine.api.AdmissionRequest;
import dev.celador.engine.internal.cel.CostBudget;
import dev.celador.engine.internal.cel.JsonValues;
import dev.celador.engine.internal.cel.k8s.AuthzCheck;
import dev.celador.engine.internal.cel.k8s.AuthzDecision;
import dev.celador.engine.internal.cel.k8s.DeclaredAuthorizer;
import dev.celador.engine.internal.model.Expression;
import dev.celador.engine.internal.source.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes CEL library, one dynamic test per YAML case in {@code kube-cel/}: an expression
 * and its expected value, runtime error or compile error. Cases follow the Kubernetes
 * documentation's examples and their edge cases.
 */
class KubeCelLibraryTest {

  private static final AdmissionCompiler COMPILER = new AdmissionCompiler();

  /** alice (group dev) may get pods in default and anything under /healthz; delete is denied. */
  private static final DeclaredAuthorizer AUTHZ =
      new DeclaredAuthorizer(
          List.of(
              new DeclaredAuthorizer.Rule(
                  "alice",
                  "get",
                  "",
                  "pods",
                  null,
                  "default",
                  null,
                  null,
                  AuthzDecision.Verdict.ALLOW,
                  "RBAC: allowed by rolebinding"),
              new DeclaredAuthorizer.Rule(
                  null,
                  "delete",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  AuthzDecision.Verdict.DENY,
                  "deletes are never allowed"),
              new DeclaredAuthorizer.Rule(
                  "system:serviceaccount:kube-system:builder",
                  "create",
                  "apps",
                  "deployments",
                  null,
                  null,
                  null,
                  null,
                  AuthzDecision.Verdict.ALLOW,
                  ""),
              new DeclaredAuthorizer.Rule(
                  "dev",
                  "get",
                  null,
                  null,
                  null,
                  null,
                  null,
                  "/healthz",
                  AuthzDecision.Verdict.ALLOW,
                  "")));

  static List<Path> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(KubeCelLibraryTest.class.getResource("/kube-cel").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> evaluate_documentedExamplesAndEdgeCases_matchExpectation() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : fixtures()) {
      List<Map<String, Object>> cases;
      try (InputStream in = Files.newInputStream(file)) {
        cases = new Yaml().load(in);
      }
      for (Map<String, Object> c : cases) {
        String expr = (String) c.get("expr");
        tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + expr, () -> run(file, c)));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(150);
    return tests.stream();
  }

  private static void run(Path file, Map<String, Object> c) throws Exception {
    String expr = (String) c.get("expr");
    var compiled =
        COMPILER.compile(
            Expression.at(expr, SourceLocation.startOf(file.getFileName().toString())),
            AdmissionCel.Scope.VALIDATION,
            null,
            List.of(),
            "expr");
    if (c.containsKey("compileError")) {
      assertThat(compiled.ok()).as("compiles").isFalse();
      assertThat(compiled.diagnostics().get(0).message()).contains((String) c.get("compileError"));
      return;
    }
    assertThat(compiled.diagnostics()).as("compile diagnostics").isEmpty();
    var request =
        RequestCel.of(
            AdmissionRequest.fromMap(
                Map.of(
                    "operation", "CREATE",
                    "namespace", "default",
                    "name", "web",
                    "userInfo", Map.of("username", "alice", "groups", List.of("dev")))));
    AuthzCheck authorizer = AuthzCheck.authorizer(AUTHZ, "alice", List.of("dev"));
    var activation =
        new AdmissionActivation(
            JsonValues.toCel(c.get("object")),
            null,
            request,
            null,
            null,
            authorizer,
            authorizer.requestResource("apps", "deployments", "", "default", "web"),
            null);
    Object result;
    try {
      result = compiled.compiled().evaluate(activation, new CostBudget(10_000_000));
    } catch (CompiledCel.EvaluationError e) {
      if (c.containsKey("error")) {
        assertThat(e.getMessage()).contains((String) c.get("error"));
        return;
      }
      fail("unexpected error: " + e.getMessage());
      return;
    }
    if (c.containsKey("error")) {
      fail("expected error '" + c.get("error") + "' but got " + result);
    }
    assertThat(normalise(result)).isEqualTo(normalise(JsonValues.toCel(c.get("value"))));
  }

  /** Plain Java for comparison: optionals unwrapped to "optional.none" or their value. */
  private static Object normalise(Object v) {
    if (v instanceof Optional<?> o) {
      return o.isEmpty() ? "optional.none" : Map.of("optional", normalise(o.get()));
    }
    if (v instanceof NullValue) {
      return null;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(KubeCelLibraryTest::normalise).toList();
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(normalise(k), normalise(x)));
      return out;
    }
    return v;
  }
}
