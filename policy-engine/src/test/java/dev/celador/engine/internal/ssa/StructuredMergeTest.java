package dev.celador.engine.internal.ssa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredMergeTest {

  private static SchemaNode kind(String group, String kind) {
    return KubeSchemas.builtIn().forKind(group, "v1", kind).orElseThrow();
  }

  @Test
  void apply_setListAndMap_unionsAndMergesKeys() throws Exception {
    Map<String, Object> live =
        Map.of(
            "metadata",
            Map.of(
                "name", "cm", "finalizers", List.of("example.com/a"), "labels", Map.of("a", "1")),
            "data",
            Map.of("x", "y"));

    Object out =
        StructuredMerge.apply(
            live,
            Map.of(
                "metadata",
                Map.of(
                    "finalizers",
                    List.of("example.com/b", "example.com/a"),
                    "labels",
                    Map.of("b", "2")),
                "data",
                Map.of("x", "z")),
            kind("", "ConfigMap"));

    assertThat(out)
        .isEqualTo(
            Map.of(
                "metadata",
                Map.of(
                    "name",
                    "cm",
                    "finalizers",
                    List.of("example.com/b", "example.com/a"),
                    "labels",
                    Map.of("a", "1", "b", "2")),
                "data",
                Map.of("x", "z")));
  }

  @Test
  void apply_mapListOnKeys_mergesTheMatchingItemAndAppendsNewOnes() throws Exception {
    Map<String, Object> live =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "containers",
                        List.of(
                            Map.of(
                                "name",
                                "web",
                                "image",
                                "nginx:1",
                                "imagePullPolicy",
                                "IfNotPresent"))))));
    Map<String, Object> configuration =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of(
                        "containers",
                        List.of(
                            Map.of("name", "web", "image", "nginx:2"),
                            Map.of("name", "side", "image", "envoy"))))));

    Object out = StructuredMerge.apply(live, configuration, kind("apps", "Deployment"));

    assertThat(out)
        .isEqualTo(
            Map.of(
                "spec",
                Map.of(
                    "template",
                    Map.of(
                        "spec",
                        Map.of(
                            "containers",
                            List.of(
                                Map.of(
                                    "name",
                                    "web",
                                    "image",
                                    "nginx:2",
                                    "imagePullPolicy",
                                    "IfNotPresent"),
                                Map.of("name", "side", "image", "envoy")))))));
  }

  @Test
  void apply_setListNewItemsOnly_keepsObjectItemsFirst() throws Exception {
    Object out =
        StructuredMerge.apply(
            Map.of("metadata", Map.of("finalizers", List.of("example.com/a"))),
            Map.of("metadata", Map.of("finalizers", List.of("example.com/b"))),
            kind("", "ConfigMap"));

    assertThat(out)
        .isEqualTo(
            Map.of("metadata", Map.of("finalizers", List.of("example.com/a", "example.com/b"))));
  }

  @Test
  void apply_atomicListAndItsItems_failsNamingEachPath() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(),
                    Map.of("imagePullSecrets", List.of(Map.of("name", "reg"))),
                    kind("", "ServiceAccount")))
        .hasMessage(
            "invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs:"
                + " .imagePullSecrets, .imagePullSecrets[0]");
  }

  @Test
  void apply_undeclaredFieldInMapListItem_namesTheItemByItsKey() {
    Map<String, Object> configuration =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec", Map.of("containers", List.of(Map.of("name", "web", "imagex", "a"))))));

    assertThatThrownBy(
            () -> StructuredMerge.apply(Map.of(), configuration, kind("apps", "Deployment")))
        .hasMessage(
            "failed to convert patch object to typed object:"
                + " .spec.template.spec.containers[name=\"web\"].imagex: field not declared in"
                + " schema");
  }

  @Test
  void apply_undeclaredField_failsNamingIt() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(), Map.of("datax", Map.of("z", "w")), kind("", "ConfigMap")))
        .hasMessage(
            "failed to convert patch object to typed object: .datax: field not declared in schema");
  }

  @Test
  void apply_customResource_mergesMapListsAndKeepsUnknownFieldsOfAPreservingStruct()
      throws Exception {
    Map<String, Object> live =
        Map.of(
            "spec",
            Map.of(
                "ports",
                List.of(Map.of("name", "http", "port", 80)),
                "config",
                Map.of("level", "info", "extra", Map.of("a", 1, "b", 2))));

    Object out =
        StructuredMerge.apply(
            live,
            Map.of(
                "spec",
                Map.of(
                    "ports",
                    List.of(Map.of("name", "https", "port", 443)),
                    "config",
                    Map.of("extra", Map.of("b", 3), "new", List.of("x")))),
            CustomResourceSchemasTest.widget());

    assertThat(out)
        .isEqualTo(
            Map.of(
                "spec",
                Map.of(
                    "ports",
                    List.of(
                        Map.of("name", "http", "port", 80), Map.of("name", "https", "port", 443)),
                    "config",
                    Map.of(
                        "level", "info", "extra", Map.of("a", 1, "b", 3), "new", List.of("x")))));
  }

  @Test
  void apply_stringForANumberOfACustomResource_failsAsTheApiServerConvertsIt() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(),
                    Map.of("spec", Map.of("replicas", "3")),
                    CustomResourceSchemasTest.widget()))
        .hasMessage(
            "failed to convert patch object to typed object: .spec.replicas: expected numeric (int"
                + " or float), got string");
  }

  @Test
  void apply_stringWhereSchemaHasNumber_failsInStructuredMergeDiffWords() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(),
                    Map.of("spec", Map.of("replicas", "three")),
                    kind("apps", "Deployment")))
        .isInstanceOf(StructuredMerge.ApplyException.class)
        .hasMessage(
            "failed to convert patch object to typed object: .spec.replicas: expected numeric (int"
                + " or float), got string");
  }

  @Test
  void apply_customResourceAtomicMap_isRefused() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(),
                    Map.of("spec", Map.of("selector", Map.of("a", "b"))),
                    CustomResourceSchemasTest.widget()))
        .hasMessage(
            "invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.selector");
  }

  @Test
  void apply_listForAMap_failsNamingWhatItGot() {
    assertThatThrownBy(
            () ->
                StructuredMerge.apply(
                    Map.of(), Map.of("data", List.of("a")), kind("", "ConfigMap")))
        .hasMessage(
            "failed to convert patch object to typed object: .data: expected map, got &{[a]}");
  }

  @Test
  void apply_mapListItemWithoutADefaultedKey_mergesWithTheItemOfTheDefault() throws Exception {
    Object out =
        StructuredMerge.apply(
            podWithPort(Map.of("containerPort", 80, "protocol", "TCP")),
            podWithPort(Map.of("containerPort", 80, "name", "main")),
            kind("", "Pod"));

    assertThat(out)
        .isEqualTo(podWithPort(Map.of("containerPort", 80, "protocol", "TCP", "name", "main")));
  }

  private static Map<String, Object> podWithPort(Map<String, Object> port) {
    return Map.of(
        "spec", Map.of("containers", List.of(Map.of("name", "web", "ports", List.of(port)))));
  }
}
