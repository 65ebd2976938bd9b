package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.source.PositionMap;
import dev.celador.engine.internal.source.SourceLocation;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The file position of every character of a scalar's value, for every YAML scalar style: the one
 * mapping from a value offset to a file line:column, used for every CEL expression and so for every
 * position a CEL diagnostic shows (check, eval, test, serve's reload log and readiness).
 *
 * <p>snakeyaml keeps only where a scalar starts and ends, so the scalar's text is read again by
 * {@link FlowScalarReader} or {@link BlockScalarReader}, which rebuild the value while recording
 * positions. The rebuilt value must equal snakeyaml's; if it ever does not (a construct those
 * readers do not know, or a line break other than LF, CRLF or CR), every character is placed at the
 * scalar's start, which is vague but never wrong.
 */
final class ScalarPositions {

  private ScalarPositions() {}

  static PositionMap of(SourceLines lines, ScalarNode scalar) {
    return exact(lines, scalar)
        .orElseGet(() -> PositionMap.all(textStart(lines, scalar), scalar.getValue().length()));
  }

  /** The positions read again from the file, or empty if the rebuilt value differs. */
  static Optional<PositionMap> exact(SourceLines lines, ScalarNode scalar) {
    String value = scalar.getValue();
    ScalarCursor token = tokenStart(lines, scalar);
    Optional<ScalarCursor> read =
        switch (scalar.getScalarStyle()) {
          case PLAIN -> {
            FlowScalarReader.plain(
                token, scalar.getEndMark().getLine(), scalar.getEndMark().getColumn());
            yield Optional.of(token);
          }
          case SINGLE_QUOTED, DOUBLE_QUOTED ->
              FlowScalarReader.quoted(token, scalar.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED)
                  ? Optional.of(token)
                  : Optional.empty();
          case LITERAL, FOLDED -> BlockScalarReader.read(lines, token, value);
          default -> Optional.empty();
        };
    return read.filter(r -> r.value().equals(value)).map(ScalarCursor::positions);
  }

  private static SourceLocation textStart(SourceLines lines, ScalarNode scalar) {
    ScalarCursor token = tokenStart(lines, scalar);
    return lines.at(token.line(), token.column());
  }

  private static ScalarCursor tokenStart(SourceLines lines, ScalarNode scalar) {
    Mark start = scalar.getStartMark();
    ScalarCursor token = new ScalarCursor(lines, start.getLine(), start.getColumn());
    skipProperties(token);
    return token;
  }

  /**
   * Moves past a tag ({@code !!str}) or anchor ({@code &name}) and the space, comments and line
   * breaks after them: snakeyaml's start mark is the start of those, not of the scalar's text.
   */
  private static void skipProperties(ScalarCursor c) {
    while (c.peek() == '!' || c.peek() == '&') {
      // An anchor's name stops where snakeyaml stops it; a tag runs to the next blank.
      String stops = c.peek() == '&' ? ":,[]{}/.*&" : "";
      c.advance(1);
      while (!c.atLineEnd() && !ScalarCursor.isBlank(c.peek()) && stops.indexOf(c.peek()) < 0) {
        c.advance(1);
      }
      while (true) {
        c.skipBlanks();
        if (c.peek() == '#') {
          c.moveTo(c.lineLength());
        }
        if (!c.atLineEnd() || c.onLastLine()) {
          break;
        }
        c.nextLine();
      }
    }
  }
}
