package dev.celador.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.parse.ParseResult;
import dev.celador.engine.internal.parse.PolicyParser;
import dev.celador.engine.internal.parse.PolicyShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every policy and suite under {@code policies/} against its committed schema, and the schema
 * against the reader on every one-mistake variant of every policy document there.
 */
class PolicySchemaTest {

  private static final Path POLICIES = JsonSchemas.REPO.resolve("policies");

  @Test
  void policies_everyYaml_validatesAgainstItsSchema() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).hasSizeGreaterThan(20);
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      List<String> errors = JsonSchemas.errors(JsonSchemas.forFile(file), Files.readString(file));
      errors.forEach(error -> failures.add(POLICIES.relativize(file) + ": " + error));
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void policies_everyYaml_namesItsSchemaInAModeline() throws IOException {
    for (Path file : yamlFiles()) {
      Path schema = JsonSchemas.SCHEMAS.resolve(JsonSchemas.schemaFileFor(file));
      String relative = file.getParent().relativize(schema).toString().replace('\\', '/');
      assertThat(Files.readAllLines(file).get(0))
          .as(POLICIES.relativize(file).toString())
          .isEqualTo("# yaml-language-server: $schema=" + relative);
    }
  }

  @Test
  void mutations_ofEveryPolicyDocument_schemaAndReaderAgree() throws IOException {
    Schema schema = JsonSchemas.load(PolicyShapes.FILE_NAME);
    List<String> disagreements = new ArrayList<>();
    int checked = 0;
    for (Path file : yamlFiles()) {
      if (file.getFileName().toString().endsWith("_test.yaml")) {
        continue;
      }
      for (JsonNode document : JsonSchemas.documents(Files.readString(file))) {
        assertThat(verdict(schema, document, file)).as("%s as written", file).isEqualTo("valid");
        for (Mutations.Mutation mutation : Mutations.of(document)) {
          checked++;
          String schemaSays =
              JsonSchemas.errors(schema, mutation.document()).isEmpty() ? "valid" : "invalid";
          String readerSays = readerVerdict(mutation.document());
          if (!schemaSays.equals(readerSays)) {
            disagreements.add(
                POLICIES.relativize(file)
                    + " with "
                    + mutation.description()
                    + ": schema says "
                    + schemaSays
                    + ", reader says "
                    + readerSays);
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(disagreements).isEmpty();
  }

  /** "valid" when both the schema and the reader accept the document; else what each says. */
  private static String verdict(Schema schema, JsonNode document, Path file) {
    List<String> errors = JsonSchemas.errors(schema, document);
    String reader = readerVerdict(document);
    return errors.isEmpty() && reader.equals("valid") ? "valid" : errors + " / reader: " + reader;
  }

  /** What {@code celador check}'s reader makes of the document: "valid" or its first error. */
  private static String readerVerdict(JsonNode document) {
    ParseResult result =
        new PolicyParser().parse(new SourceFile("mutated.yaml", JsonSchemas.yaml(document)));
    return result.hasErrors() ? "invalid" : "valid";
  }

  /** The policies and suites: every YAML file outside testdata/ (fixtures) and src/. */
  static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(POLICIES)) {
      return walk.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !POLICIES.relativize(p).startsWith("src"))
          .filter(p -> !p.toString().contains("/testdata/"))
          .sorted()
          .toList();
    }
  }
}
