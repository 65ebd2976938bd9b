package dev.celador.verify;

import static dev.celador.engine.internal.schema.Shape.anyOf;
import static dev.celador.engine.internal.schema.Shape.anything;
import static dev.celador.engine.internal.schema.Shape.listOf;
import static dev.celador.engine.internal.schema.Shape.mapOf;
import static dev.celador.engine.internal.schema.Shape.ref;
import static dev.celador.engine.internal.schema.Shape.scalar;

import dev.celador.engine.internal.schema.SchemaDocument;
import dev.celador.engine.internal.schema.Shape;
import dev.celador.engine.internal.schema.ShapeObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON Schema of a {@code PolicyTest} suite, derived from the suite readers' field lists. The
 * readers take the text of any scalar where they want a string, a whole number also as a string of
 * digits, and {@code snake_case} for every {@code lowerCamel} field name (as proto3 JSON does); the
 * schema says the same. Request and admission inputs are checked by the request mappers and only
 * named here.
 */
public final class SuiteShapes {

  public static final String FILE_NAME = "policy-test.schema.json";

  /** {@code true}/{@code false} in any case, as a string (FieldReader.bool). */
  private static final String TRUE_OR_FALSE = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$";

  private static final List<String> SEQUENCE =
      List.of("repeat", "every", "limited", "expectLimited");

  private SuiteShapes() {}

  public static SchemaDocument schema() {
    Map<String, Shape> definitions = new LinkedHashMap<>();
    definitions.put("httpExpectation", httpExpectation());
    definitions.put("admissionExpectation", admissionExpectation());
    definitions.put("case", testCase());
    Shape root =
        ShapeObject.of(SuiteReader.FIELDS)
            .field("apiVersion", Shape.constant(PolicyTestSuite.API_VERSION))
            .field("kind", Shape.constant(PolicyTestSuite.KIND))
            .field(
                "metadata",
                ShapeObject.of(SuiteReader.METADATA)
                    .field("name", scalar())
                    .fields(List.of("labels", "annotations"), anything())
                    .required("name")
                    .acceptSnakeCase()
                    .build())
            .field("spec", spec())
            .required("apiVersion", "kind", "metadata", "spec")
            .build();
    return new SchemaDocument(FILE_NAME, "Celador PolicyTest suite", root, definitions);
  }

  private static Shape spec() {
    Shape key =
        ShapeObject.of(TestKeys.FIELDS)
            .field("name", scalar())
            .field("algorithm", Shape.oneOf(SigningKey.ALGORITHMS))
            .fields(List.of("file", "issuer"), scalar())
            .required("name")
            .with("oneOf", List.of(required("algorithm"), required("file")))
            .acceptSnakeCase()
            .build();
    return ShapeObject.of(SuiteReader.SPEC)
        .field("policies", names())
        .fields(List.of("now", "fixtures"), scalar())
        .field("keys", listOf(key))
        .field("cases", Shape.nonEmptyListOf(ref("case")))
        .required("policies", "cases")
        .acceptSnakeCase()
        .build();
  }

  private static Shape testCase() {
    List<String> admissionFields =
        Stream.of(
                AdmissionRequestReader.FIELDS,
                AdmissionInputReader.CONTEXT_FIELDS,
                List.of(AdmissionInputReader.REVIEW))
            .flatMap(List::stream)
            .toList();
    Map<String, Object> admission = new LinkedHashMap<>();
    admission.put("properties", Map.of("expect", ref("admissionExpectation").schema()));
    admission.put("not", Map.of("anyOf", SEQUENCE.stream().map(SuiteShapes::required).toList()));
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("if", required("admission"));
    choice.put("then", admission);
    choice.put("else", Map.of("properties", Map.of("expect", ref("httpExpectation").schema())));
    return ShapeObject.of(CaseReader.FIELDS)
        .field("name", scalar())
        .fields(
            List.of("input", "checkRequest"),
            anyOf(Shape.string(), anything().with("type", "object")))
        .field(
            "admission",
            ShapeObject.of(admissionFields)
                .fields(admissionFields, anything())
                .acceptSnakeCase()
                .build())
        .field("repeat", anyOf(Shape.integer(1, CaseReader.MAX_REPEAT), digits()))
        .field("every", scalar())
        .field("limited", anyOf(Shape.atLeast(1), listOf(Shape.atLeast(1))))
        .field("expectLimited", ref("httpExpectation"))
        .field("expect", anything())
        .required("name", "expect")
        .with("oneOf", CaseReader.INPUTS.stream().map(SuiteShapes::required).toList())
        .with("allOf", List.of(choice))
        .acceptSnakeCase()
        .build();
  }

  private static Shape httpExpectation() {
    Shape audit =
        ShapeObject.of(ExpectationReader.AUDIT_FIELDS)
            .fields(ExpectationReader.AUDIT_FIELDS, scalar())
            .required("policy", "rule")
            .build();
    return expectation(ExpectationReader.FIELDS)
        .field("status", status())
        .fields(List.of("policy", "rule"), scalar())
        .fields(List.of("headers", "responseHeaders"), stringMap())
        .field("headersToRemove", names())
        .field("audits", listOf(audit))
        .build();
  }

  private static Shape admissionExpectation() {
    return expectation(AdmissionExpectationReader.FIELDS)
        .field("code", status())
        .field("reason", scalar())
        .field("warnings", names())
        .field("auditAnnotations", stringMap())
        // The mutated object, whole or in part: inline, or the name of a testdata fixture.
        .fields(
            List.of("object", "objectContains"),
            anyOf(Shape.string(), anything().with("type", "object")))
        .field(
            "patch",
            listOf(
                ShapeObject.of(List.of("op", "path", "from", "value"))
                    .field(
                        "op",
                        Shape.oneOf(List.of("add", "remove", "replace", "move", "copy", "test")))
                    .fields(List.of("path", "from"), Shape.string())
                    .field("value", anything())
                    .required("op", "path")
                    .build()))
        .field("mutatedBy", names())
        .build();
  }

  /** What every expect block shares (ExpectationReader.checkShape). */
  private static ShapeObject expectation(List<String> fields) {
    return ShapeObject.of(fields)
        .field("allowed", anyOf(Shape.bool(), Shape.string().with("pattern", TRUE_OR_FALSE)))
        .fields(List.of("message", "messageRegex"), scalar())
        .with("minProperties", 1)
        .with("not", required("message", "messageRegex"))
        .acceptSnakeCase();
  }

  private static Shape status() {
    return anyOf(Shape.integer(100, 599), digits());
  }

  /** A whole number written as a string, as proto3 JSON allows (FieldReader.integer). */
  private static Shape digits() {
    return Shape.string().with("pattern", "^\\s*[+-]?[0-9]+\\s*$");
  }

  /** A list of names, or one name for a list of one (ExpectationReader.names). */
  private static Shape names() {
    return anyOf(scalar(), listOf(anything().with("type", List.of("string", "number", "boolean"))));
  }

  /** Scalars, or lists of them joined with "," as repeated headers are (FieldReader.stringMap). */
  private static Shape stringMap() {
    return mapOf(anyOf(scalar(), listOf(scalar())));
  }

  private static Map<String, Object> required(String... fields) {
    return Map.of("required", List.of(fields));
  }
}
