package dev.celador.engine.internal.cel;

import dev.cel.common.CelErrorCode;
import dev.cel.common.exceptions.CelRuntimeException;

/**
 * Thrown from inside an evaluation to abort it; surfaces as an evaluation error. A {@link
 * CelRuntimeException} so that cel-java passes it through a function call unchanged instead of
 * wrapping it in a message that prints the call's (possibly huge) arguments.
 */
final class CostLimitExceededException extends CelRuntimeException {

  private final String message;

  CostLimitExceededException(String message) {
    super((Throwable) null, CelErrorCode.ITERATION_BUDGET_EXCEEDED);
    this.message = message;
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // control flow, not a bug: no stack to record
  }
}
