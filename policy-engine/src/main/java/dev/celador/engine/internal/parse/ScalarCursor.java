package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.PositionMap;
import dev.celador.engine.internal.source.SourceLocation;

/**
 * Reads a YAML scalar's text from the file again, a code point at a time, while writing its value
 * and the file position of every value character. Positions are 0-based here, as snakeyaml's marks
 * are, and 1-based once recorded; a column is one code point, so a tab is one column, as in
 * snakeyaml's marks and in {@link dev.celador.engine.internal.source.Diagnostic#render}.
 */
final class ScalarCursor {

  private final SourceLines lines;
  private final StringBuilder value = new StringBuilder();
  private final PositionMap.Builder positions;
  private int line;
  private int column;
  private int[] text;
  private SourceLocation end;

  ScalarCursor(SourceLines lines, int line, int column) {
    this.lines = lines;
    this.positions = new PositionMap.Builder(lines.file());
    this.line = line;
    this.column = column;
    this.text = lines.line(line).codePoints().toArray();
    this.end = lines.at(line, column);
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  int lineLength() {
    return text.length;
  }

  /** The code point {@code ahead} places right of the cursor, or -1 past the end of the line. */
  int peek(int ahead) {
    int at = column + ahead;
    return at < text.length ? text[at] : -1;
  }

  int peek() {
    return peek(0);
  }

  boolean atLineEnd() {
    return column >= text.length;
  }

  boolean onLastLine() {
    return line >= lines.lineCount() - 1;
  }

  /** Past the last character of the file. */
  boolean atEnd() {
    return onLastLine() && atLineEnd();
  }

  void advance(int count) {
    column += count;
  }

  void moveTo(int newColumn) {
    column = newColumn;
  }

  void nextLine() {
    line++;
    column = 0;
    text = lines.line(line).codePoints().toArray();
  }

  /** Skips spaces and tabs. */
  void skipBlanks() {
    while (isBlank(peek())) {
      column++;
    }
  }

  /** Whether the rest of the line is only spaces and tabs. */
  boolean restIsBlank() {
    for (int i = column; i < text.length; i++) {
      if (!isBlank(text[i])) {
        return false;
      }
    }
    return true;
  }

  /** Copies the code point under the cursor to the value and moves past it. */
  void take() {
    emit(text[column], line, column);
    end = lines.at(line, column + 1);
    column++;
  }

  /** Adds {@code codePoint} to the value, made from the source text at the cursor. */
  void emitHere(int codePoint) {
    emit(codePoint, line, column);
  }

  /** Adds a line feed (or a space folded from one) made from the line break ending {@code at}. */
  void emitBreak(int codePoint, int atLine) {
    emit(codePoint, atLine, lines.line(atLine).codePointCount(0, lines.line(atLine).length()));
  }

  /** Where the last character taken from the text ends: CEL's "unexpected end" lands there. */
  void markEnd(int endLine, int endColumn) {
    end = lines.at(endLine, endColumn);
  }

  String value() {
    return value.toString();
  }

  PositionMap positions() {
    return positions.build(end);
  }

  private void emit(int codePoint, int atLine, int atColumn) {
    int before = value.length();
    value.appendCodePoint(codePoint);
    for (int i = before; i < value.length(); i++) {
      positions.add(atLine + 1, atColumn + 1);
    }
  }

  static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }
}
