package dev.celador.engine.internal.source;

import dev.celador.engine.api.SourceFile;
import java.util.Comparator;

/**
 * One problem found while loading, parsing or compiling policies.
 *
 * @param code a stable snake_case identifier such as {@code undeclared_reference}; tools may match
 *     on it, so never change an existing code's meaning
 */
public record Diagnostic(Severity severity, String code, SourceLocation location, String message)
    implements Comparable<Diagnostic> {

  /** How bad a diagnostic is: errors stop a policy set from loading, warnings do not. */
  public enum Severity {
    ERROR,
    WARNING;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Comparator<Diagnostic> ORDER =
      Comparator.comparing(Diagnostic::location)
          .thenComparing(Diagnostic::severity)
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    if (severity == null || code == null || location == null || message == null) {
      throw new IllegalArgumentException("diagnostic fields must not be null");
    }
  }

  public static Diagnostic error(String code, SourceLocation location, String message) {
    return new Diagnostic(Severity.ERROR, code, location, message);
  }

  public static Diagnostic warning(String code, SourceLocation location, String message) {
    return new Diagnostic(Severity.WARNING, code, location, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line:col: error[code]: message}, the first line of {@link #render}. */
  public String headline() {
    return location + ": " + severity.label() + "[" + code + "]: " + message;
  }

  /**
   * The headline, then the offending source line and a caret under the column, as compilers print
   * them. Without the source text only the headline is printed.
   */
  public String render(SourceFile source) {
    if (source == null) {
      return headline();
    }
    String line = source.line(location.line());
    if (line.isEmpty()) {
      return headline();
    }
    int[] codePoints = line.codePoints().toArray();
    String shown = codePoints.length > 160 ? new String(codePoints, 0, 160) + "..." : line;
    // A column is one code point (a tab is one column), as in snakeyaml's marks and CEL's columns.
    int caret = Math.min(location.column() - 1, shown.codePointCount(0, shown.length()));
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < caret; i++) {
      // Keep tabs so the caret lines up under tab-indented text.
      pad.append(i < codePoints.length && codePoints[i] == '\t' ? '\t' : ' ');
    }
    return headline() + "\n  " + shown + "\n  " + pad + "^";
  }

  @Override
  public int compareTo(Diagnostic other) {
    return ORDER.compare(this, other);
  }
}
