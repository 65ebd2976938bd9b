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
          "allowed", "code", "reason", "message", "messageRegex", "warnings", "auditAnnotations");

  private AdmissionExpectationReader() {}

  static AdmissionExpectation read(FieldReader expect) {
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
        annotations(expect));
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
