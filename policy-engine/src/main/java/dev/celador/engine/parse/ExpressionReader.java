package dev.celador.engine.parse;

import dev.celador.engine.model.Expression;
import dev.celador.engine.source.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns a YAML scalar holding CEL into an {@link Expression} that knows where each of its lines
 * starts in the file, so the compiler can point CEL errors at the right file position.
 *
 * <p>Exact for one-line plain and quoted scalars (without escapes) and for literal blocks ({@code
 * |}); best effort for folded blocks and multi-line plain or quoted scalars, whose lines YAML joins
 * and so no longer match file lines: every line maps to where the text starts.
 */
final class ExpressionReader {

  private final SourceLines lines;
  private final List<UncheckedExpression> read = new ArrayList<>();

  ExpressionReader(SourceLines lines) {
    this.lines = lines;
  }

  /** The expression in {@code value}, or empty (with a diagnostic) if it is not CEL text. */
  Optional<Expression> read(Value value) {
    Optional<Expression> expression =
        value.asExpressionScalar().map(scalar -> build(scalar, value.keyLocation()));
    expression.ifPresent(
        e -> read.add(new UncheckedExpression(e, value.path().endsWith(".when"), value.path())));
    return expression;
  }

  /**
   * An admission expression: like {@link #read} but marked as admission CEL, so a broken document's
   * expressions are checked in the admission environment, not the HTTP vocabulary.
   */
  Optional<Expression> readAdmission(Value value) {
    Optional<Expression> expression =
        value.asExpressionScalar().map(scalar -> build(scalar, value.keyLocation()));
    expression.ifPresent(e -> read.add(new UncheckedExpression(e, false, value.path(), true)));
    return expression;
  }

  /** Every expression read so far, for checking those of a document that will not load. */
  List<UncheckedExpression> expressionsRead() {
    return List.copyOf(read);
  }

  Expression build(ScalarNode scalar, SourceLocation key) {
    String text = scalar.getValue();
    int lineCount = text.split("\n", -1).length;
    ScalarStyle style = scalar.getScalarStyle();
    SourceLocation start = lines.at(scalar);
    if (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED) {
      return same(text, start.plusColumns(1), lineCount);
    }
    if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
      int firstLine = scalar.getStartMark().getLine() + 1;
      int indent = blockIndent(scalar, firstLine, key);
      if (indent < 0) {
        return same(text, start, lineCount);
      }
      if (style == ScalarStyle.FOLDED) {
        return same(text, lines.at(firstLine, indent), lineCount);
      }
      // A literal block keeps its line breaks, so line i of the text is line i of the block.
      List<SourceLocation> starts = new ArrayList<>(lineCount);
      for (int i = 0; i < lineCount; i++) {
        starts.add(lines.at(firstLine + i, indent));
      }
      return new Expression(text, starts);
    }
    return same(text, start, lineCount);
  }

  /**
   * The 0-based column where the block's content starts: from the indentation indicator ({@code
   * |2}) relative to the key's indentation, else the indentation of the first non-blank line, as
   * YAML detects it. Negative when the block has no content.
   */
  private int blockIndent(ScalarNode scalar, int firstLine, SourceLocation key) {
    String header = lines.line(scalar.getStartMark().getLine());
    int headerStart = Math.min(scalar.getStartMark().getColumn(), header.length());
    for (int i = headerStart + 1; i < header.length() && i <= headerStart + 3; i++) {
      char c = header.charAt(i);
      if (c >= '1' && c <= '9') {
        // The indicator counts from the parent's indentation, which is the key's column.
        return (key.column() - 1) + (c - '0');
      }
      if (c != '+' && c != '-') {
        break;
      }
    }
    int lastLine = scalar.getEndMark().getLine();
    for (int line = firstLine; line <= lastLine && line < lines.lineCount(); line++) {
      String content = lines.line(line);
      int spaces = 0;
      while (spaces < content.length() && content.charAt(spaces) == ' ') {
        spaces++;
      }
      if (spaces < content.length()) {
        return spaces;
      }
    }
    return -1;
  }

  private static Expression same(String text, SourceLocation start, int lineCount) {
    return new Expression(text, Collections.nCopies(lineCount, start));
  }
}
