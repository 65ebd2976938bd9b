package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The lines of one file, and the conversion of snakeyaml's 0-based marks to 1-based {@link
 * SourceLocation}s in it. Splits lines the way snakeyaml counts them for the usual terminators
 * ({@code \n}, {@code \r\n}, {@code \r}).
 */
final class SourceLines {

  private final String file;
  private final List<String> lines;

  SourceLines(String file, String text) {
    this.file = file;
    this.lines = split(text);
  }

  String file() {
    return file;
  }

  /** The 0-based line {@code index} without its terminator, or "" when out of range. */
  String line(int index) {
    return index >= 0 && index < lines.size() ? lines.get(index) : "";
  }

  int lineCount() {
    return lines.size();
  }

  SourceLocation at(Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  SourceLocation at(Node node) {
    return at(node.getStartMark());
  }

  /** A 1-based location from 0-based line and column. */
  SourceLocation at(int line, int column) {
    return new SourceLocation(file, line + 1, column + 1);
  }

  SourceLocation start() {
    return SourceLocation.startOf(file);
  }

  /**
   * The location of the {@code codePoint}-th code point of {@code text}, for errors that report
   * only an offset (snakeyaml's reader errors).
   */
  SourceLocation atCodePoint(String text, int codePoint) {
    if (codePoint < 0) {
      return start();
    }
    int line = 0;
    int column = 0;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < codePoint; seen++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
      if (c == '\n' || (c == '\r' && !crlf)) {
        line++;
        column = 0;
      } else if (!crlf) {
        column++;
      }
    }
    return at(line, column);
  }

  private static List<String> split(String text) {
    List<String> result = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        result.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    result.add(text.substring(start));
    return result;
  }
}
