package dev.celador.verify;

import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code expect} block of an admission case. */
final class AdmissionExpectationReader {

  static final List<String> FIELDS =
      List.of(
          "allowed",
          "code",
          "reason",
          "message",
          "messageRegex",
          "warnings",
          "auditAnnotations",
          "object",
          "objectContains",
          "patch",
          "mutatedBy");

  private AdmissionExpectationReader() {}

  /** {@code values} resolves {@code object} and {@code objectContains} given as fixture names. */
  static AdmissionExpectation read(FieldReader expect, InlineOrFixture values) {
    ExpectationReader.checkShape(expect, FIELDS);
    return new AdmissionExpectation(
        expect.bool("allowed"),
        code(expect),
        ExpectationReader.text(expect, "reason"),
        ExpectationReader.text(expect, "message"),
        ExpectationReader.regex(expect),
        expect.has("warnings")
            ? Optional.of(ExpectationReader.names(expect, "warnings"))
            : Optional.empty(),
        annotations(expect),
        mutation(expect, values));
  }

  private static MutationExpectation mutation(FieldReader expect, InlineOrFixture values) {
    return new MutationExpectation(
        object(expect, values, "object"),
        object(expect, values, "objectContains"),
        patch(expect),
        expect.has("mutatedBy")
            ? Optional.of(ExpectationReader.names(expect, "mutatedBy"))
            : Optional.empty());
  }

  private static Optional<Object> object(FieldReader expect, InlineOrFixture values, String field) {
    return expect.has(field)
        ? Optional.of(values.object(expect, field).tree().toPlain())
        : Optional.empty();
  }

  /** A list of operations, each an object with an {@code op} and a {@code path}. */
  private static Optional<List<Object>> patch(FieldReader expect) {
    Optional<InputNode> value = expect.field("patch");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String wrong = null;
    if (value.get().kind() != InputNode.Kind.ARRAY) {
      wrong = "found " + value.get().kind().description();
    } else {
      for (InputNode op : value.get().items()) {
        if (!op.isObject()
            || !op.members().containsKey("op")
            || !op.members().containsKey("path")) {
          wrong = "found an item without op and path at line " + op.position().line();
          break;
        }
      }
    }
    if (wrong != null) {
      throw expect.error(
          value.get().position(),
          "'"
              + expect.qualified("patch")
              + "' must list JSONPatch operations ({op, path, value}), "
              + wrong);
    }
    @SuppressWarnings("unchecked")
    List<Object> ops = (List<Object>) value.get().toPlain();
    return Optional.of(ops);
  }

  private static Optional<Integer> code(FieldReader expect) {
    if (!expect.has("code")) {
      return Optional.empty();
    }
    long code = expect.integer("code", 0);
    if (code < 100 || code > 599) {
      throw expect.error(
          expect.field("code").orElseThrow().position(),
          "'" + expect.qualified("code") + "' must be an HTTP status (100-599), found " + code);
    }
    return Optional.of((int) code);
  }

  private static Optional<Map<String, String>> annotations(FieldReader expect) {
    Optional<InputNode> value = expect.field("auditAnnotations");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isObject()) {
      throw expect.error(
          value.get().position(),
          "'"
              + expect.qualified("auditAnnotations")
              + "' must map annotation keys to values, found "
              + value.get().kind().description());
    }
    return Optional.of(expect.stringMap("auditAnnotations"));
  }
}
