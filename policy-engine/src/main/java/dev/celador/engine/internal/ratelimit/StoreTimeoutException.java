package dev.celador.engine.internal.ratelimit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A store did not answer within its timeout, but the check was sent and may still run: {@link
 * #lateReply()} completes with what it did once the store answers after all (or fails if it never
 * does). Whoever decided the request without the answer uses it to keep the bucket true to the
 * decision: a denied request refunds what its late check spent.
 */
public final class StoreTimeoutException extends TimeoutException {

  private final transient CompletableFuture<List<GcraResult>> lateReply;

  public StoreTimeoutException(String message, CompletableFuture<List<GcraResult>> lateReply) {
    super(message);
    this.lateReply = lateReply;
  }

  public CompletableFuture<List<GcraResult>> lateReply() {
    return lateReply;
  }
}
