package dev.celador.engine.internal.parse;

import dev.celador.engine.internal.model.Expression;

/**
 * A CEL expression from a document that had schema errors. The document is not loaded, but its
 * expressions are still type-checked so one run reports every problem in the file.
 *
 * @param condition true for a {@code when} (bool), false for a header value (string)
 * @param what the field, e.g. {@code spec.rules[0].when}
 * @param admission true for an admission expression (VAP / ValidatingPolicy), which is checked in
 *     the admission environment rather than the HTTP vocabulary
 */
public record UncheckedExpression(
    Expression expression, boolean condition, String what, boolean admission) {

  public UncheckedExpression(Expression expression, boolean condition, String what) {
    this(expression, condition, what, false);
  }
}
