package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns a YAML scalar holding CEL into an {@link Expression} that knows where each of its
 * characters is in the file ({@link ScalarPositions}), so the compiler can point CEL errors at the
 * exact file position in any scalar style.
 */
final class ExpressionReader {

  private final SourceLines lines;
  private final List<UncheckedExpression> read = new ArrayList<>();

  ExpressionReader(SourceLines lines) {
    this.lines = lines;
  }

  /** The expression in {@code value}, or empty (with a diagnostic) if it is not CEL text. */
  Optional<Expression> read(Value value) {
    Optional<Expression> expression = value.asExpressionScalar().map(this::build);
    expression.ifPresent(
        e -> read.add(new UncheckedExpression(e, value.path().endsWith(".when"), value.path())));
    return expression;
  }

  /**
   * An admission expression: like {@link #read} but marked as admission CEL, so a broken document's
   * expressions are checked in the admission environment, not the HTTP vocabulary.
   */
  Optional<Expression> readAdmission(Value value) {
    Optional<Expression> expression = value.asExpressionScalar().map(this::build);
    expression.ifPresent(e -> read.add(new UncheckedExpression(e, false, value.path(), true)));
    return expression;
  }

  /** Every expression read so far, for checking those of a document that will not load. */
  List<UncheckedExpression> expressionsRead() {
    return List.copyOf(read);
  }

  private Expression build(ScalarNode scalar) {
    return new Expression(scalar.getValue(), ScalarPositions.of(lines, scalar));
  }
}
