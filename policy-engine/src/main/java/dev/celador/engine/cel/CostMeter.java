package dev.celador.engine.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;

/**
 * Stops an evaluation that visits too many nodes or builds values that are too large. One meter per
 * evaluation: it counts, so it is not shared between threads.
 */
public final class CostMeter implements CelEvaluationListener {

  private int nodes;

  @Override
  public void callback(CelExpr expr, Object result) {
    if (++nodes > CelLimits.MAX_EVALUATED_NODES) {
      throw new CostLimitExceededException(
          "evaluated more than " + CelLimits.MAX_EVALUATED_NODES + " expression nodes");
    }
    if (result instanceof String s && s.length() > CelLimits.MAX_STRING_LENGTH) {
      throw new CostLimitExceededException(
          "built a string of "
              + s.length()
              + " characters (limit "
              + CelLimits.MAX_STRING_LENGTH
              + ")");
    }
    int size =
        result instanceof Collection<?> c ? c.size() : result instanceof Map<?, ?> m ? m.size() : 0;
    if (size > CelLimits.MAX_COLLECTION_SIZE) {
      throw new CostLimitExceededException(
          "built a collection of "
              + size
              + " elements (limit "
              + CelLimits.MAX_COLLECTION_SIZE
              + ")");
    }
  }

  /** Thrown from inside an evaluation to abort it; surfaces as an evaluation error. */
  public static final class CostLimitExceededException extends RuntimeException {
    CostLimitExceededException(String message) {
      super("cost limit exceeded: " + message, null, false, false);
    }
  }
}
