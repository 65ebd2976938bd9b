package dev.celador.cli.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.celador.cli.golden.GoldenFiles;
import dev.celador.engine.internal.parse.PolicyShapes;
import dev.celador.verify.SuiteShapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The committed JSON Schemas under {@code schemas/}, and YAML validated against them as an editor's
 * YAML language server would: each document of a file on its own.
 */
final class JsonSchemas {

  static final Path REPO = GoldenFiles.repositoryRoot();
  static final Path SCHEMAS = REPO.resolve("schemas");

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private JsonSchemas() {}

  /** The committed schema for a file of that name: suites have their own. */
  static Schema forFile(Path file) {
    return load(schemaFileFor(file));
  }

  static String schemaFileFor(Path file) {
    return file.getFileName().toString().endsWith("_test.yaml")
        ? SuiteShapes.FILE_NAME
        : PolicyShapes.FILE_NAME;
  }

  static Schema load(String fileName) {
    try {
      return REGISTRY.getSchema(Files.readString(SCHEMAS.resolve(fileName)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a YAML text; empty documents (a trailing {@code ---}) are left out. */
  static List<JsonNode> documents(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
      if (node != null && !node.isNull() && !node.isMissingNode()) {
        documents.add(node);
      }
    }
    return documents;
  }

  /** The schema's complaints about every document of {@code yaml}, as text. */
  static List<String> errors(Schema schema, String yaml) {
    List<String> errors = new ArrayList<>();
    for (JsonNode document : documents(yaml)) {
      errors.addAll(errors(schema, document));
    }
    return errors;
  }

  static List<String> errors(Schema schema, JsonNode document) {
    return schema.validate(document).stream().map(Error::toString).toList();
  }

  static String yaml(JsonNode document) {
    return YAML.writeValueAsString(document);
  }
}
