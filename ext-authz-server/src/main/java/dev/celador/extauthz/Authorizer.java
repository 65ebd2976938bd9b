package dev.celador.extauthz;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a request into a {@link Verdict} and never throws: whatever goes wrong becomes a failure
 * the transport reports as an error, so a broken request or a bug can neither allow a request nor
 * crash the server. Requests that may run metered CEL are decided on a {@link CostlyLane}, the rest
 * inline on the calling (event-loop) thread; a decision that needs I/O (Redis, or a JWKS fetch for
 * a token whose key its issuer's set lacks) finishes when the answer arrives or its timeout fires,
 * and nothing waits for it. Thread-safe.
 */
public final class Authorizer {

  /**
   * The answer when the costly lane is full or cannot decide in time: denied, as a 503 the client
   * may retry.
   */
  static final Decision OVERLOADED =
      new Decision(
          false,
          503,
          "",
          "",
          List.of("too many costly policy evaluations in progress; retry later"),
          Map.of(),
          List.of(),
          Map.of("retry-after", "1"),
          false,
          List.of(),
          List.of());

  private final PolicyEngine engine;
  private final CostlyLane lane;
  private volatile DecisionListener listener;

  public Authorizer(PolicyEngine engine, DecisionListener listener, CostlyLane lane) {
    this.engine = engine;
    this.listener = listener;
    this.lane = lane;
  }

  /** Replaces the listener, e.g. to start logging only once warm-up is over. */
  public void listener(DecisionListener listener) {
    this.listener = listener;
  }

  /**
   * Maps the request (inside the error handling, on the calling thread) and decides it; {@code
   * reply} gets the verdict exactly once: on the calling thread, a lane thread, or the thread that
   * delivered a rate-limit store's answer or a JWKS fetch's keys (or fired its timeout).
   */
  public void authorize(
      Transport transport, Supplier<AuthzRequest> mapping, Consumer<Verdict> reply) {
    long start = System.nanoTime();
    AuthzRequest request;
    try {
      request = mapping.get();
    } catch (InvalidRequestException e) {
      finish(
          transport,
          null,
          Verdict.failed(Verdict.Failure.BAD_REQUEST, e.getMessage()),
          start,
          reply);
      return;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      finish(transport, null, internal(e), start, reply);
      return;
    }
    if (!engine.mayBeCostly(request)) {
      decide(transport, request, start, reply);
      return;
    }
    lane.submit(
        () -> decide(transport, request, start, reply),
        () -> finish(transport, request, Verdict.of(OVERLOADED), start, reply));
  }

  /**
   * Evaluates on this thread up to the first step that needs I/O (keys being fetched, a Redis
   * store); the rest of the decision, and the reply, run when the answer arrives or its timeout
   * fires, on that thread. No thread waits for I/O.
   */
  private void decide(
      Transport transport, AuthzRequest request, long start, Consumer<Verdict> reply) {
    CompletableFuture<Decision> decided;
    try {
      decided = engine.decide(request);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      finish(transport, request, internal(e), start, reply);
      return;
    }
    // Already complete (no store, or only local ones): runs here, at once.
    decided.whenComplete(
        (decision, error) ->
            finish(
                transport,
                request,
                error == null ? verdict(decision) : internal(unwrap(error)),
                start,
                reply));
  }

  /** Not ready reaches the proxy as an error (UNAVAILABLE / 503), not as a denial. */
  private static Verdict verdict(Decision decision) {
    return decision.effect() == Decision.Effect.NOT_READY
        ? Verdict.failed(Verdict.Failure.NOT_READY, "no policy set loaded")
        : Verdict.of(decision);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static Verdict internal(Throwable e) {
    return Verdict.failed(Verdict.Failure.INTERNAL, "internal error: " + e.getClass().getName());
  }

  private void finish(
      Transport transport,
      AuthzRequest request,
      Verdict verdict,
      long start,
      Consumer<Verdict> reply) {
    try {
      listener.onVerdict(transport, request, verdict, System.nanoTime() - start);
    } catch (RuntimeException e) {
      // Observability must never change an answer.
    }
    reply.accept(verdict);
  }
}
