package dev.celador.engine.eval;

/** An immutable, compiled policy set: safe to share between threads and swap atomically. */
public final class CompiledPolicySet {

  /** Decides one request. With {@code trace}, the decision lists every rule evaluated. */
  public Decision evaluate(AuthzRequest request, boolean trace) {
    throw new UnsupportedOperationException("not yet implemented" + request + trace);
  }

  /** Number of policies in the set. */
  public int size() {
    return 0;
  }
}
