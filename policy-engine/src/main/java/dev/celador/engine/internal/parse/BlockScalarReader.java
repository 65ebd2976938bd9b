package dev.celador.engine.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads literal ({@code |}) and folded ({@code >}) block scalars the way YAML 1.1 (snakeyaml) does,
 * for {@link ScalarPositions}. The header may carry a chomping indicator ({@code -} strip, {@code
 * +} keep, none: clip to one final line break) and an indentation indicator ({@code 1} to {@code
 * 9}, counted from the parent node's indentation). Each content line loses the block's indentation;
 * in a folded block a line break between two lines that start with a non-blank becomes a space, or
 * disappears when blank lines follow (each blank line is a line feed). Lines that start with a
 * blank ("more indented") keep their line breaks.
 */
final class BlockScalarReader {

  private final SourceLines lines;
  private final int headerLine;
  private final boolean folded;
  private final Boolean keep;

  private BlockScalarReader(SourceLines lines, int headerLine, boolean folded, Boolean keep) {
    this.lines = lines;
    this.headerLine = headerLine;
    this.folded = folded;
    this.keep = keep;
  }

  /**
   * The block whose indicator ({@code |} or {@code >}) is under {@code header}; empty if its header
   * does not read as one. With an indentation indicator, the read that gives {@code expected},
   * since the parent's indentation it counts from is not recorded in the node.
   */
  static Optional<ScalarCursor> read(SourceLines lines, ScalarCursor header, String expected) {
    int indicator = header.peek();
    if (indicator != '|' && indicator != '>') {
      return Optional.empty();
    }
    Boolean keep = null;
    int increment = 0;
    header.advance(1);
    for (int i = 0; i < 2; i++) {
      int c = header.peek();
      if ((c == '+' || c == '-') && keep == null) {
        keep = c == '+';
      } else if (c >= '1' && c <= '9' && increment == 0) {
        increment = c - '0';
      } else {
        break;
      }
      header.advance(1);
    }
    if (header.onLastLine()) {
      return Optional.empty();
    }
    BlockScalarReader reader = new BlockScalarReader(lines, header.line(), indicator == '>', keep);
    int detected = reader.detectedIndent();
    if (increment == 0) {
      return Optional.of(reader.readWith(detected));
    }
    for (int indent = detected; indent >= 0; indent--) {
      ScalarCursor read = reader.readWith(indent);
      if (read.value().equals(expected)) {
        return Optional.of(read);
      }
    }
    return Optional.empty();
  }

  /**
   * The indentation YAML detects without an indicator: that of the first line with content, or of a
   * deeper blank line before it.
   */
  private int detectedIndent() {
    int indent = 0;
    for (int l = headerLine + 1; l < lines.lineCount(); l++) {
      String text = lines.line(l);
      int spaces = 0;
      while (spaces < text.length() && text.charAt(spaces) == ' ') {
        spaces++;
      }
      indent = Math.max(indent, spaces);
      if (spaces < text.length()) {
        break;
      }
    }
    return indent;
  }

  private ScalarCursor readWith(int indent) {
    ScalarCursor c = new ScalarCursor(lines, headerLine + 1, 0);
    List<Integer> breaks = breaks(c, indent);
    int lineBreak = -1;
    while (c.column() == indent && !c.atEnd()) {
      for (int blank : breaks) {
        c.emitBreak('\n', blank);
      }
      boolean startsNonBlank = !ScalarCursor.isBlank(c.peek());
      while (!c.atLineEnd()) {
        c.take();
      }
      if (c.onLastLine()) {
        // The file ends without a line break: there is none to keep.
        lineBreak = -1;
        breaks = List.of();
        break;
      }
      lineBreak = c.line();
      c.nextLine();
      breaks = breaks(c, indent);
      if (c.column() != indent || c.atEnd()) {
        break;
      }
      if (folded && startsNonBlank && !ScalarCursor.isBlank(c.peek())) {
        if (breaks.isEmpty()) {
          c.emitBreak(' ', lineBreak);
        }
      } else {
        c.emitBreak('\n', lineBreak);
      }
    }
    if (!Boolean.FALSE.equals(keep) && lineBreak >= 0) {
      c.emitBreak('\n', lineBreak);
    }
    if (Boolean.TRUE.equals(keep)) {
      for (int blank : breaks) {
        c.emitBreak('\n', blank);
      }
    }
    return c;
  }

  /**
   * Skips the indentation and the blank lines under the cursor, returning the lines whose breaks
   * were skipped: each is a line feed in the value unless chomped or folded away.
   */
  private static List<Integer> breaks(ScalarCursor c, int indent) {
    List<Integer> breaks = new ArrayList<>();
    skipIndent(c, indent);
    while (c.atLineEnd() && !c.onLastLine()) {
      breaks.add(c.line());
      c.nextLine();
      skipIndent(c, indent);
    }
    return breaks;
  }

  private static void skipIndent(ScalarCursor c, int indent) {
    while (c.column() < indent && c.peek() == ' ') {
      c.advance(1);
    }
  }
}
