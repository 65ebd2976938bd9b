package dev.celador.verify;

import dev.celador.verify.request.FieldReader;
import dev.celador.verify.request.InputNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code expect} block of an HTTP case. */
final class ExpectationReader {

  static final List<String> FIELDS =
      List.of(
          "allowed",
          "status",
          "policy",
          "rule",
          "message",
          "messageRegex",
          "headers",
          "headersToRemove",
          "audits",
          "responseHeaders");

  static final List<String> AUDIT_FIELDS = List.of("policy", "rule");

  private ExpectationReader() {}

  static HttpExpectation read(FieldReader expect) {
    checkShape(expect, FIELDS);
    return new HttpExpectation(
        expect.bool("allowed"),
        status(expect),
        text(expect, "policy"),
        text(expect, "rule"),
        text(expect, "message"),
        regex(expect),
        expect.stringMap("headers"),
        names(expect, "headersToRemove"),
        audits(expect),
        expect.stringMap("responseHeaders"));
  }

  static Optional<String> text(FieldReader expect, String name) {
    return expect.has(name) ? Optional.of(expect.string(name)) : Optional.empty();
  }

  private static Optional<Integer> status(FieldReader expect) {
    if (!expect.has("status")) {
      return Optional.empty();
    }
    long status = expect.integer("status", 0);
    if (status < 100 || status > 599) {
      throw expect.error(
          expect.field("status").orElseThrow().position(),
          "'" + expect.qualified("status") + "' must be an HTTP status (100-599), found " + status);
    }
    return Optional.of((int) status);
  }

  static Optional<Pattern> regex(FieldReader expect) {
    if (!expect.has("messageRegex")) {
      return Optional.empty();
    }
    String text = expect.string("messageRegex");
    try {
      return Optional.of(Pattern.compile(text));
    } catch (PatternSyntaxException e) {
      throw expect.error(
          expect.field("messageRegex").orElseThrow().position(),
          "'"
              + expect.qualified("messageRegex")
              + "' is not a valid regular expression: "
              + e.getDescription());
    }
  }

  /** {@code audits: [{policy: team/p, rule: r}]}, as {@link HttpExpectation#auditName}s. */
  private static Optional<List<String>> audits(FieldReader expect) {
    Optional<InputNode> value = expect.field("audits");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().kind() != InputNode.Kind.ARRAY) {
      throw expect.error(
          value.get().position(),
          "'" + expect.qualified("audits") + "' must be a list of {policy, rule}");
    }
    List<String> audits = new ArrayList<>();
    List<InputNode> items = value.get().items();
    for (int i = 0; i < items.size(); i++) {
      FieldReader item =
          FieldReader.of(expect.file(), expect.qualified("audits") + "[" + i + "]", items.get(i));
      item.rejectUnknown(AUDIT_FIELDS);
      if (!item.has("policy") || !item.has("rule")) {
        throw item.error(
            items.get(i).position(), "'" + item.path() + "' needs both 'policy' and 'rule'");
      }
      audits.add(HttpExpectation.auditName(item.string("policy"), item.string("rule")));
    }
    return Optional.of(audits);
  }

  /** A list of strings, or a single string for a list of one. */
  static List<String> names(FieldReader reader, String name) {
    Optional<InputNode> value = reader.field(name);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.get().isScalar()) {
      return List.of(reader.string(name));
    }
    if (value.get().kind() != InputNode.Kind.ARRAY) {
      throw reader.error(
          value.get().position(),
          "'"
              + reader.qualified(name)
              + "' must be a list of strings, found "
              + value.get().kind().description());
    }
    List<String> names = new ArrayList<>();
    for (InputNode item : value.get().items()) {
      if (!item.isScalar() || item.kind() == InputNode.Kind.NULL) {
        throw reader.error(
            item.position(),
            "'"
                + reader.qualified(name)
                + "' items must be strings, found "
                + item.kind().description());
      }
      names.add(item.text());
    }
    return names;
  }

  /**
   * What every {@code expect} block must satisfy, HTTP or admission: only known fields, at least
   * one of them, and {@code message} or {@code messageRegex} but not both.
   */
  static void checkShape(FieldReader expect, List<String> fields) {
    expect.rejectUnknown(fields);
    if (fields.stream().noneMatch(expect::has)) {
      throw expect.error(
          expect.node().position(),
          "'" + expect.path() + "' must give at least one of: " + String.join(", ", fields));
    }
    if (expect.has("message") && expect.has("messageRegex")) {
      throw expect.error(
          expect.field("messageRegex").orElseThrow().position(),
          "give either '"
              + expect.qualified("message")
              + "' or '"
              + expect.qualified("messageRegex")
              + "', not both");
    }
  }
}
