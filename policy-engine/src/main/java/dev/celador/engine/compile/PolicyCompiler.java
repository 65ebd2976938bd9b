package dev.celador.engine.compile;

import dev.celador.engine.model.PolicyDocument;
import java.time.Clock;
import java.util.List;

/** Type-checks every expression of a policy set once and builds the immutable evaluator. */
public final class PolicyCompiler {

  private final Clock clock;

  public PolicyCompiler(Clock clock) {
    this.clock = clock;
  }

  public CompilationResult compile(List<PolicyDocument> documents) {
    throw new UnsupportedOperationException("not yet implemented" + clock + documents);
  }
}
