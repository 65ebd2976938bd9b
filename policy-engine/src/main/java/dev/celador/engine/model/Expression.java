package dev.celador.engine.model;

import dev.celador.engine.source.SourceLocation;
import java.util.List;

/**
 * A CEL expression as written in YAML, with where each of its lines starts in the file, so that a
 * CEL position (line, column within the expression) maps back to an absolute file position even for
 * block scalars ({@code |}) and quoted strings.
 *
 * @param lineStarts the file position of the first character of each line of {@code text}; never
 *     empty
 */
public record Expression(String text, List<SourceLocation> lineStarts) {

  public Expression {
    if (text == null || lineStarts == null || lineStarts.isEmpty()) {
      throw new IllegalArgumentException("an expression needs its text and at least one position");
    }
    lineStarts = List.copyOf(lineStarts);
  }

  /** An expression whose text starts at {@code start} and stays on one line of the file. */
  public static Expression at(String text, SourceLocation start) {
    return new Expression(text, List.of(start));
  }

  public SourceLocation location() {
    return lineStarts.get(0);
  }

  /**
   * The file position of a CEL position inside this expression.
   *
   * @param line 1-based line within the expression text
   * @param column 0-based column within that line, as CEL reports it
   */
  public SourceLocation locate(int line, int column) {
    if (line < 1) {
      return location();
    }
    SourceLocation start = lineStarts.get(Math.min(line, lineStarts.size()) - 1);
    return start.plusColumns(Math.max(column, 0));
  }
}
