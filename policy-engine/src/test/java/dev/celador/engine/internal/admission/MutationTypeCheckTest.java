package dev.celador.engine.internal.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.source.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutations type-checked against the schemas of the kinds their policy matches, at load. */
class MutationTypeCheckTest {

  private static String policy(String resources, String patchType, String expression) {
    String field = patchType.equals("JSONPatch") ? "jsonPatch" : "applyConfiguration";
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingAdmissionPolicy
        metadata: {name: p}
        spec:
          reinvocationPolicy: Never
          matchConstraints:
            resourceRules:
            - {apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE], resources: %s}
          mutations:
          - patchType: %s
            %s:
              expression: '%s'
        """
        .formatted(resources, patchType, field, expression);
  }

  private static List<String> warnings(String... files) {
    List<SourceFile> sources = new java.util.ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      sources.add(new SourceFile("f" + i + ".yaml", files[i]));
    }
    var loaded = new AdmissionEngine().loadSources(sources);
    assertThat(loaded.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    assertThat(loaded.set()).isPresent();
    return loaded.diagnostics().stream().map(Diagnostic::headline).toList();
  }

  private static String widgetCrd() {
    try (InputStream in = MutationTypeCheckTest.class.getResourceAsStream("widget-crd.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void load_applyConfigurationWithUndeclaredField_warnsAtTheField() {
    assertThat(
            warnings(
                policy(
                    "[deployments]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{replica: 3}}")))
        .containsExactly(
            "f0.yaml:12:45: warning[mutation_undeclared_field]: .spec.replica: field not declared"
                + " in schema (apps/v1 Deployment)");
  }

  @Test
  void load_applyConfigurationWithStringForNumber_warnsAtTheValue() {
    assertThat(
            warnings(
                policy(
                    "[deployments]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{replicas: \"3\", paused: true}}")))
        .containsExactly(
            "f0.yaml:12:55: warning[mutation_type_mismatch]: .spec.replicas: expected numeric (int"
                + " or float), got string (apps/v1 Deployment)");
  }

  @Test
  void load_applyConfigurationListForMap_warns() {
    assertThat(
            warnings(
                policy(
                    "[configmaps]",
                    "ApplyConfiguration",
                    "Object{metadata: Object.metadata{labels: [\"a\"]}}")))
        .singleElement()
        .asString()
        .contains("warning[mutation_type_mismatch]: .metadata.labels: expected map, got list");
  }

  @Test
  void load_nestedObjectTypeOffItsFieldPath_warnsInApiServerWords() {
    assertThat(
            warnings(
                policy(
                    "[deployments]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{strategy: Object.spec.template{}}}")))
        .singleElement()
        .asString()
        .contains(
            "warning[mutation_type_name_mismatch]: type mismatch: unexpected type name"
                + " \"Object.spec.template\", expected \"Object.spec.strategy\"");
  }

  @Test
  void load_wellTypedDeepConfiguration_hasNoWarning() {
    assertThat(
            warnings(
                policy(
                    "[deployments]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{template: Object.spec.template{spec:"
                        + " Object.spec.template.spec{containers: [Object.spec.template.spec"
                        + ".containers{name: \"web\", env: [Object.spec.template.spec.containers"
                        + ".env{name: \"A\", value: \"1\"}]}]}}}}")))
        .isEmpty();
  }

  @Test
  void load_fieldOfOneOfTwoMatchedKinds_isNotAWarning() {
    assertThat(
            warnings(
                policy(
                    "[deployments, statefulsets]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{serviceName: \"s\", bogus: 1}}")))
        .singleElement()
        .asString()
        .contains(
            ".spec.bogus: field not declared in schema (apps/v1 Deployment, apps/v1"
                + " StatefulSet)");
  }

  @Test
  void load_jsonPatchBadOpAndPath_warnsAtTheLiterals() {
    assertThat(
            warnings(
                policy(
                    "[configmaps]",
                    "JSONPatch",
                    "[JSONPatch{op: \"ad\", path: \"/data/x\", value: \"y\"},"
                        + " JSONPatch{op: \"add\", path: \"/metadata/labelz/a\", value: \"b\"},"
                        + " JSONPatch{op: \"add\", path: \"/metadata/labels/\" + "
                        + "jsonpatch.escapeKey(\"a/b\"), value: \"b\"}]")))
        .containsExactly(
            "f0.yaml:12:35: warning[json_patch_invalid_op]: JSON Patch op \"ad\" is none of add,"
                + " remove, replace, copy, move, test; kube-apiserver fails the mutation:"
                + " Unexpected kind: ad",
            "f0.yaml:12:98: warning[json_patch_unknown_path]: JSON Patch path"
                + " \"/metadata/labelz/a\": .metadata.labelz: field not declared in schema (v1"
                + " ConfigMap)");
  }

  @Test
  void load_jsonPatchIntoListByName_warns() {
    assertThat(
            warnings(
                policy(
                    "[pods]",
                    "JSONPatch",
                    "[JSONPatch{op: \"add\", path: \"/spec/containers/web/image\", value: \"x\"}]")))
        .singleElement()
        .asString()
        .contains(".spec.containers: a list, indexed by number or -, not \"web\"");
  }

  @Test
  void load_customResourceWithoutItsDefinition_warnsThatItIsNotChecked() {
    assertThat(
            warnings(
                policy("[widgets]", "ApplyConfiguration", "Object{spec: Object.spec{bogus: 1}}")))
        .containsExactly(
            "f0.yaml:1:1: warning[mutation_not_type_checked]: mutations not type-checked against a"
                + " schema: no schema for */widgets (a custom resource's"
                + " CustomResourceDefinition can be kept with the policies)");
  }

  @Test
  void load_customResourceWithItsDefinition_checksAgainstItsSchema() {
    assertThat(
            warnings(
                policy(
                    "[widgets]",
                    "ApplyConfiguration",
                    "Object{spec: Object.spec{bogus: 1, replicas: \"2\", config:"
                        + " Object.spec.config{anything: 1}}}"),
                widgetCrd()))
        .containsExactly(
            "f0.yaml:12:45: warning[mutation_undeclared_field]: .spec.bogus: field not declared"
                + " in schema (example.com/v1 Widget)",
            "f0.yaml:12:65: warning[mutation_type_mismatch]: .spec.replicas: expected numeric"
                + " (int or float), got string (example.com/v1 Widget)");
  }

  @Test
  void load_wildcardResources_warnsThatItIsNotChecked() {
    assertThat(
            warnings(
                policy("[\"*\"]", "JSONPatch", "[JSONPatch{op: \"add\", path: \"/x\", value: 1}]")))
        .singleElement()
        .asString()
        .contains("no schema for *");
  }

  @Test
  void load_definitionWithoutNames_isAnErrorAtTheDefinition() {
    var loaded =
        new AdmissionEngine()
            .loadSources(
                List.of(
                    new SourceFile(
                        "crd.yaml",
                        """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: widgets.example.com}
                        spec: {group: example.com}
                        """)));

    assertThat(loaded.diagnostics().stream().map(Diagnostic::headline))
        .containsExactly(
            "crd.yaml:1:1: error[invalid_custom_resource_definition]: a CustomResourceDefinition"
                + " needs spec.group, spec.names.kind and spec.names.plural");
  }
}
