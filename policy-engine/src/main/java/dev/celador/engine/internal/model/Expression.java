package dev.celador.engine.internal.model;

import dev.celador.engine.internal.source.PositionMap;
import dev.celador.engine.internal.source.SourceLocation;

/**
 * A CEL expression as written in YAML, with the file position of each of its characters, so that a
 * CEL position (line, column within the expression) maps back to the exact file position whatever
 * the scalar's style: quoted with escapes, plain or folded over several lines, or a block.
 *
 * @param positions where each UTF-16 character of {@code text} is in the file
 */
public record Expression(String text, PositionMap positions) {

  public Expression {
    if (text == null || positions == null || positions.length() != text.length()) {
      throw new IllegalArgumentException("an expression needs its text and a position per char");
    }
  }

  /** An expression whose text starts at {@code start} and stays on one line of the file. */
  public static Expression at(String text, SourceLocation start) {
    return new Expression(text, PositionMap.contiguous(start, text.length()));
  }

  /** Where the expression starts: its first character that is not white space. */
  public SourceLocation location() {
    int first = 0;
    while (first < text.length() && Character.isWhitespace(text.charAt(first))) {
      first++;
    }
    return positions.at(first < text.length() ? first : 0);
  }

  /**
   * The file position of a CEL position inside this expression.
   *
   * @param line 1-based line within the expression text, lines ending at {@code \n}
   * @param column 0-based column within that line in code points, as CEL reports it
   */
  public SourceLocation locate(int line, int column) {
    if (line < 1) {
      return location();
    }
    int index = 0;
    for (int l = 1; l < line; l++) {
      int next = text.indexOf('\n', index);
      if (next < 0) {
        return positions.at(text.length());
      }
      index = next + 1;
    }
    for (int c = 0; c < column && index < text.length(); c++) {
      index += Character.charCount(text.codePointAt(index));
    }
    return positions.at(index);
  }
}
