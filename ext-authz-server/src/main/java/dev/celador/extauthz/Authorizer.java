package dev.celador.extauthz;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.eval.AuthzRequest;
import dev.celador.engine.eval.Decision;
import java.util.function.Supplier;

/**
 * Turns a request into a {@link Verdict} and never throws: whatever goes wrong becomes a failure
 * the transport reports as an error, so a broken request or a bug can neither allow a request nor
 * crash the server. Thread-safe.
 */
public final class Authorizer {

  private final PolicyEngine engine;
  private volatile DecisionListener listener;

  public Authorizer(PolicyEngine engine, DecisionListener listener) {
    this.engine = engine;
    this.listener = listener;
  }

  /** Replaces the listener, e.g. to start logging only once warm-up is over. */
  public void listener(DecisionListener listener) {
    this.listener = listener;
  }

  /** Maps the request lazily (inside the error handling) and decides it. */
  public Verdict authorize(Transport transport, Supplier<AuthzRequest> mapping) {
    long start = System.nanoTime();
    AuthzRequest request = null;
    Verdict verdict;
    try {
      request = mapping.get();
      verdict = decide(request);
    } catch (InvalidRequestException e) {
      verdict = Verdict.failed(Verdict.Failure.BAD_REQUEST, e.getMessage());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      verdict =
          Verdict.failed(Verdict.Failure.INTERNAL, "internal error: " + e.getClass().getName());
    }
    try {
      listener.onVerdict(transport, request, verdict, System.nanoTime() - start);
    } catch (RuntimeException e) {
      // Observability must never change an answer.
    }
    return verdict;
  }

  private Verdict decide(AuthzRequest request) {
    Decision decision;
    try {
      decision = engine.evaluate(request, false);
    } catch (IllegalStateException e) {
      return Verdict.failed(Verdict.Failure.NOT_READY, "no policy set loaded");
    }
    return Verdict.of(decision);
  }
}
