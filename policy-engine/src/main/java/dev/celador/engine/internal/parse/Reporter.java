package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.Diagnostic;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one YAML document, so the parser can tell whether that document is
 * usable while still reporting every problem in it. Holds the wording of the schema errors, so all
 * readers phrase them alike.
 */
final class Reporter {

  static final String UNKNOWN_FIELD = "unknown_field";
  static final String WRONG_TYPE = "wrong_type";
  static final String MISSING_FIELD = "missing_field";
  static final String INVALID_VALUE = "invalid_value";
  static final String DUPLICATE_KEY = "duplicate_key";
  static final String DUPLICATE_NAME = "duplicate_name";
  static final String UNKNOWN_KIND = "unknown_kind";

  private final SourceLines lines;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  Reporter(SourceLines lines) {
    this.lines = lines;
  }

  SourceLines lines() {
    return lines;
  }

  void error(String code, SourceLocation location, String message) {
    diagnostics.add(Diagnostic.error(code, location, message));
  }

  void unknownField(SourceLocation key, String field, String path, List<String> allowed) {
    String where = path.isEmpty() ? "" : " in " + path;
    error(
        UNKNOWN_FIELD,
        key,
        "unknown field '"
            + field
            + "'"
            + where
            + "; expected one of: "
            + String.join(", ", allowed));
  }

  void wrongType(SourceLocation value, String path, String expected, String actual) {
    error(WRONG_TYPE, value, path + ": expected " + expected + ", got " + actual);
  }

  void missing(SourceLocation anchor, String path) {
    error(MISSING_FIELD, anchor, path + ": required field is missing");
  }

  void invalid(SourceLocation value, String path, String message) {
    error(INVALID_VALUE, value, path + ": " + message);
  }

  boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }
}
