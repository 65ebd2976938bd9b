package dev.celador.engine.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeObjectTest {

  @Test
  void build_fieldTheReaderDoesNotAllow_fails() {
    ShapeObject object =
        ShapeObject.of(List.of("name")).field("name", Shape.string()).field("nmae", Shape.bool());

    assertThatThrownBy(object::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not allowed by the reader [nmae]");
  }

  @Test
  void build_fieldTheReaderAllowsWithoutShape_fails() {
    ShapeObject object = ShapeObject.of(List.of("name", "when")).field("name", Shape.string());

    assertThatThrownBy(object::build).hasMessageContaining("no shape for [when]");
  }

  @Test
  void build_requiredFieldTheReaderDoesNotAllow_fails() {
    ShapeObject object =
        ShapeObject.of(List.of("name")).field("name", Shape.string()).required("id");

    assertThatThrownBy(object::build).hasMessageContaining("required but not allowed [id]");
  }

  @Test
  void build_matchingFields_closedObjectWithRequiredList() {
    Shape shape =
        ShapeObject.of(List.of("name", "dryRun"))
            .field("name", Shape.string())
            .field("dryRun", Shape.bool())
            .required("name")
            .build();

    assertThat(shape.schema())
        .containsEntry("type", "object")
        .containsEntry("required", List.of("name"))
        .containsEntry("additionalProperties", false);
    assertThat(properties(shape).keySet()).containsExactlyInAnyOrder("name", "dryRun");
  }

  @Test
  void build_acceptSnakeCase_addsTheSnakeSpellingOfCamelNames() {
    Shape shape =
        ShapeObject.of(List.of("expectLimited", "name"))
            .fields(List.of("expectLimited", "name"), Shape.string())
            .acceptSnakeCase()
            .build();

    assertThat(properties(shape).keySet())
        .containsExactlyInAnyOrder("expectLimited", "expect_limited", "name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Shape shape) {
    return (Map<String, Object>) shape.schema().get("properties");
  }
}
