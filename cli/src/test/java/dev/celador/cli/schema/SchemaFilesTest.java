package dev.celador.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.celador.engine.internal.parse.PolicyShapes;
import dev.celador.engine.internal.schema.SchemaDocument;
import dev.celador.verify.SuiteShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema files in the repository and the chart are what the readers generate today. Run with
 * {@code -Dcelador.schemas.write=true} to rewrite them (the command is in docs/editor.md).
 */
class SchemaFilesTest {

  static final String REGENERATE =
      "./mvnw -B -q -pl cli -am test -Dtest=SchemaFilesTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dcelador.schemas.write=true";

  private static final List<Path> COPIES =
      List.of(JsonSchemas.SCHEMAS, JsonSchemas.REPO.resolve("charts/celador/files/schemas"));

  private static final List<SchemaDocument> GENERATED =
      List.of(PolicyShapes.schema(), SuiteShapes.schema());

  @Test
  void schemaFiles_generatedFromTheReaders_matchTheCommittedCopies() throws IOException {
    for (SchemaDocument schema : GENERATED) {
      for (Path folder : COPIES) {
        Path file = folder.resolve(schema.fileName());
        if (Boolean.getBoolean("celador.schemas.write")) {
          Files.createDirectories(folder);
          Files.writeString(file, schema.text());
        }
        assertThat(file).as("regenerate with: %s", REGENERATE).exists();
        assertThat(Files.readString(file))
            .as("%s is stale; regenerate with: %s", file, REGENERATE)
            .isEqualTo(schema.text());
      }
    }
  }

  @Test
  void schemaFiles_againstTheDraft07MetaSchema_areValid() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    Schema meta =
        registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_7.getDialectId()));
    JsonMapper json = JsonMapper.builder().build();
    for (SchemaDocument schema : GENERATED) {
      String text = Files.readString(JsonSchemas.SCHEMAS.resolve(schema.fileName()));
      assertThat(meta.validate(json.readTree(text))).as(schema.fileName()).isEmpty();
    }
  }
}
