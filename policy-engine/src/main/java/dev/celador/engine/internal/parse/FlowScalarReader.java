package dev.celador.engine.internal.parse;

/**
 * Reads plain, single-quoted and double-quoted scalars the way YAML 1.1 (snakeyaml) does, for
 * {@link ScalarPositions}: the value is made of the text's characters, except that
 *
 * <ul>
 *   <li>a line break is folded: with blanks around it removed, it becomes a space, or, when blank
 *       lines follow, one line feed per blank line;
 *   <li>in single quotes, {@code ''} is one quote;
 *   <li>in double quotes, an escape ({@code \n}, {@code \t}, {@code \x41}, {@code \u00e9}, {@code
 *       \U0001F600}, ...) is one character, and a backslash at the end of a line joins the next
 *       line without a space.
 * </ul>
 *
 * A character made from an escape is placed at its backslash, one made from a line break at the end
 * of the line it ends.
 */
final class FlowScalarReader {

  private FlowScalarReader() {}

  /**
   * A plain scalar from the cursor to {@code endLine}:{@code endColumn} (0-based, exclusive: the
   * scalar's end mark, just past its last character).
   */
  static void plain(ScalarCursor c, int endLine, int endColumn) {
    while (true) {
      if (c.line() >= endLine) {
        while (c.column() < endColumn && !c.atLineEnd()) {
          c.take();
        }
        return;
      }
      int contentEnd = c.lineLength();
      while (contentEnd > c.column() && ScalarCursor.isBlank(codePointBefore(c, contentEnd))) {
        contentEnd--;
      }
      while (c.column() < contentEnd) {
        c.take();
      }
      fold(c, false, endLine);
    }
  }

  /**
   * A quoted scalar whose opening quote is under the cursor.
   *
   * @return false if the text does not read as a quoted scalar (the caller then gives up)
   */
  static boolean quoted(ScalarCursor c, boolean doubleQuoted) {
    int quote = doubleQuoted ? '"' : '\'';
    if (c.peek() != quote) {
      return false;
    }
    c.advance(1);
    while (true) {
      if (c.atLineEnd()) {
        if (c.onLastLine()) {
          return false;
        }
        fold(c, false, Integer.MAX_VALUE);
        continue;
      }
      int ch = c.peek();
      if (ScalarCursor.isBlank(ch)) {
        if (c.restIsBlank()) {
          // Blanks before a line break are not part of the value.
          c.moveTo(c.lineLength());
        } else {
          c.take();
        }
      } else if (ch == quote && !doubleQuoted && c.peek(1) == '\'') {
        c.emitHere('\'');
        c.advance(2);
        c.markEnd(c.line(), c.column());
      } else if (ch == quote) {
        return true;
      } else if (ch == '\\' && doubleQuoted) {
        if (!escape(c)) {
          return false;
        }
      } else {
        c.take();
      }
    }
  }

  /**
   * Moves from the end of a line to the first non-blank character of the next line with content,
   * adding what the break folds to.
   *
   * @param escaped true after a backslash at the end of the line: the break itself adds nothing
   */
  private static void fold(ScalarCursor c, boolean escaped, int lastLine) {
    int breakLine = c.line();
    c.nextLine();
    int blankLines = 0;
    while (c.restIsBlank() && c.line() < lastLine && !c.onLastLine()) {
      c.emitBreak('\n', c.line());
      blankLines++;
      c.nextLine();
    }
    c.skipBlanks();
    if (blankLines == 0 && !escaped) {
      c.emitBreak(' ', breakLine);
    }
  }

  private static boolean escape(ScalarCursor c) {
    int line = c.line();
    int column = c.column();
    int code = c.peek(1);
    if (code == -1) {
      if (c.onLastLine()) {
        return false;
      }
      c.advance(1);
      fold(c, true, Integer.MAX_VALUE);
      return true;
    }
    int digits =
        switch (code) {
          case 'x' -> 2;
          case 'u' -> 4;
          case 'U' -> 8;
          default -> 0;
        };
    int value;
    if (digits > 0) {
      value = 0;
      for (int i = 0; i < digits; i++) {
        int digit = Character.digit(c.peek(2 + i), 16);
        if (c.peek(2 + i) > 0x7f || digit < 0) {
          return false;
        }
        value = value * 16 + digit;
      }
      if (value > Character.MAX_CODE_POINT) {
        return false;
      }
    } else {
      value = single(code);
      if (value < 0) {
        return false;
      }
    }
    c.emitHere(value);
    c.advance(2 + digits);
    c.markEnd(line, column + 2 + digits);
    return true;
  }

  /** The character a one-letter escape stands for, or -1 if YAML has no such escape. */
  private static int single(int code) {
    return switch (code) {
      case '0' -> 0;
      case 'a' -> 0x07;
      case 'b' -> 0x08;
      case 't', '\t' -> 0x09;
      case 'n' -> 0x0a;
      case 'v' -> 0x0b;
      case 'f' -> 0x0c;
      case 'r' -> 0x0d;
      case 'e' -> 0x1b;
      case ' ' -> ' ';
      case '"' -> '"';
      case '/' -> '/';
      case '\\' -> '\\';
      case 'N' -> 0x85;
      case '_' -> 0xa0;
      case 'L' -> 0x2028;
      case 'P' -> 0x2029;
      default -> -1;
    };
  }

  private static int codePointBefore(ScalarCursor c, int column) {
    return c.peek(column - 1 - c.column());
  }
}
