package dev.celador.engine.internal.ssa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The schema node of a custom resource, from its CustomResourceDefinition's structural schema. */
class CustomResourceSchemasTest {

  @SuppressWarnings("unchecked")
  static Map<String, Object> widgetCrd() {
    try (InputStream in =
        CustomResourceSchemasTest.class.getResourceAsStream(
            "/dev/celador/engine/internal/admission/widget-crd.yaml")) {
      return (Map<String, Object>) new Yaml().load(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static SchemaNode widget() {
    return KubeSchemas.builtIn()
        .withCustomResources(List.of(widgetCrd()))
        .forKind("example.com", "v1", "Widget")
        .orElseThrow();
  }

  private static SchemaNode spec(String field) {
    return widget().field("spec").orElseThrow().field(field).orElseThrow();
  }

  @Test
  void forKind_crdListExtensions_giveListTypesAndKeys() {
    assertThat(spec("ports").listType()).isEqualTo("map");
    assertThat(spec("ports").keys()).containsExactly("name");
    assertThat(spec("ports").element().field("port").orElseThrow().scalar())
        .isEqualTo(SchemaNode.Scalar.NUMERIC);
    assertThat(spec("tags").listType()).isEqualTo("set");
    assertThat(spec("args").atomic()).as("lists are atomic unless they say").isTrue();
  }

  @Test
  void forKind_crdMapTypes_giveAtomicAndGranularMaps() {
    assertThat(spec("selector").kind()).isEqualTo(SchemaNode.Kind.MAP);
    assertThat(spec("selector").atomic()).isTrue();
    assertThat(spec("settings").kind()).isEqualTo(SchemaNode.Kind.MAP);
    assertThat(spec("settings").atomic()).isFalse();
  }

  @Test
  void forKind_preserveUnknownFields_keepsUndeclaredFieldsUntyped() {
    SchemaNode config = spec("config");

    assertThat(config.open()).isTrue();
    assertThat(config.field("level").orElseThrow().scalar()).isEqualTo(SchemaNode.Scalar.STRING);
    assertThat(config.field("anything").orElseThrow().kind()).isEqualTo(SchemaNode.Kind.UNTYPED);
    assertThat(config.declaredField("anything")).isEmpty();
    assertThat(widget().field("spec").orElseThrow().field("anything")).isEmpty();
  }

  @Test
  void forKind_rootAndEmbeddedResource_haveTheObjectEnvelope() {
    SchemaNode labels = widget().field("metadata").orElseThrow().field("labels").orElseThrow();
    SchemaNode template = spec("template");

    assertThat(labels.kind()).as("metadata is ObjectMeta").isEqualTo(SchemaNode.Kind.MAP);
    assertThat(widget().field("kind").orElseThrow().scalar()).isEqualTo(SchemaNode.Scalar.STRING);
    assertThat(template.open()).isTrue();
    assertThat(
            template.field("metadata").orElseThrow().field("finalizers").orElseThrow().listType())
        .isEqualTo("set");
    assertThat(template.field("apiVersion").orElseThrow().kind()).isEqualTo(SchemaNode.Kind.SCALAR);
  }

  @Test
  void forKind_intOrString_isAnyScalar() {
    assertThat(spec("size").kind()).isEqualTo(SchemaNode.Kind.SCALAR);
    assertThat(spec("size").scalar()).isEqualTo(SchemaNode.Scalar.ANY);
    assertThat(spec("replicas").scalar()).isEqualTo(SchemaNode.Scalar.NUMERIC);
  }

  @Test
  void withCustomResources_withoutNames_failsSayingWhatIsMissing() {
    Map<String, Object> crd = Map.of("spec", Map.of("group", "example.com"));

    assertThatThrownBy(() -> KubeSchemas.builtIn().withCustomResources(List.of(crd)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.names.kind");
  }

  @Test
  void kinds_withCustomResources_listsThemWithTheirPlural() {
    KubeSchemas schemas = KubeSchemas.builtIn().withCustomResources(List.of(widgetCrd()));

    assertThat(schemas.kinds()).contains("example.com/v1/Widget", "apps/v1/Deployment");
    assertThat(schemas.customResource("example.com/v1/Widget")).contains("widgets");
    assertThat(schemas.customResource("apps/v1/Deployment")).isEmpty();
  }
}
