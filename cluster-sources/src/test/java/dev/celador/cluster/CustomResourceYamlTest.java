package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.LoadResult;
import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A custom resource becomes the document a user would write, and the engine reads it as such. */
class CustomResourceYamlTest {

  @Test
  void toSource_storedObject_keepsOnlyWhatAPolicyFileHolds() {
    Map<String, Object> stored =
        ClusterObjects.asStored(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata: {name: orders, namespace: shop, labels: {team: a}}
            spec: {action: ALLOW, rules: [{name: r, when: "true"}]}
            """);

    SourceFile source = CustomResourceYaml.toSource(stored);

    assertThat(source.name()).isEqualTo("celador.dev/v1alpha1/AccessPolicy/shop/orders");
    assertThat(source.text())
        .isEqualTo(
            """
            apiVersion: celador.dev/v1alpha1
            kind: AccessPolicy
            metadata:
              name: orders
              namespace: shop
              labels:
                team: a
            spec:
              action: ALLOW
              rules:
              - name: r
                when: 'true'
            """);
  }

  @Test
  void toSource_clusterScopedPolicyAndBinding_compileWithTheEngine() {
    List<SourceFile> sources =
        List.of(
            CustomResourceYaml.toSource(
                ClusterObjects.asStored(ClusterObjects.policy("p", "object.data.size() > 0"))),
            CustomResourceYaml.toSource(ClusterObjects.asStored(ClusterObjects.binding("b", "p"))));

    LoadResult loaded = PolicyEngine.create(java.time.Clock.systemUTC()).loadSources(sources);

    assertThat(sources)
        .extracting(SourceFile::name)
        .containsExactly(
            "celador.dev/v1alpha1/ValidatingPolicy/p",
            "celador.dev/v1alpha1/ValidatingPolicyBinding/b");
    assertThat(loaded.diagnostics()).isEmpty();
    assertThat(loaded.admission())
        .hasValueSatisfying(set -> assertThat(set.policyCount()).isEqualTo(1));
  }

  @Test
  void toSource_multiLineCelError_pointsAtItsLineAndField() {
    String expression = "|-\n        object.data.size() > 0 &&\n        object.nope(1)";
    SourceFile source = policySource("multi", expression);

    var loaded = PolicyEngine.create(java.time.Clock.systemUTC()).loadSources(List.of(source));

    assertThat(source.text()).contains("  - expression: |-\n      object.data.size() > 0 &&\n");
    assertThat(loaded.admission()).isEmpty();
    List<String> problems = Problems.describe(loaded.diagnostics(), Map.of(source.name(), source));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "celador.dev/v1alpha1/ValidatingPolicy/multi: field spec.validations[0].expression:")
        .contains("nope");
  }

  @Test
  void fieldPaths_positionInsideNestedList_namesTheField() {
    String yaml = "spec:\n  limits:\n  - name: a\n  - name: b\n    key: x\n";

    assertThat(FieldPaths.at(yaml, new SourceLocation("f", 5, 10))).contains("spec.limits[1].key");
    assertThat(FieldPaths.at(yaml, new SourceLocation("f", 5, 5))).contains("spec.limits[1].key");
    assertThat(FieldPaths.at(yaml, new SourceLocation("f", 3, 11))).contains("spec.limits[0].name");
  }

  @Test
  void toSource_celErrorAfterAnEscapeTheDumperWrites_pointsAtItsColumn() {
    // A tab makes the dumper write a double-quoted scalar with a \t escape: two characters of the
    // text for one of the value, which positions must not count twice.
    String expression = "\"object.data['a\\tb'] == 'x' && reqest.x == 1\"";
    SourceFile source = policySource("escaped", expression);

    List<String> problems = problems(source);

    List<String> lines = source.text().lines().toList();
    int line = 0;
    while (!lines.get(line).contains("reqest")) {
      line++;
    }
    assertThat(lines.get(line)).contains("\\t");
    int column = lines.get(line).indexOf("reqest") + 1;
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .contains("field spec.validations[0].expression:")
        .contains("'reqest'")
        .endsWith("(at line " + (line + 1) + ", column " + column + " of the object as YAML)");
  }

  private static SourceFile policySource(String name, String expression) {
    return CustomResourceYaml.toSource(
        ClusterObjects.asStored(ClusterObjects.policy(name, expression)));
  }

  private static List<String> problems(SourceFile source) {
    var loaded = PolicyEngine.create(java.time.Clock.systemUTC()).loadSources(List.of(source));
    return Problems.describe(loaded.diagnostics(), Map.of(source.name(), source));
  }
}
