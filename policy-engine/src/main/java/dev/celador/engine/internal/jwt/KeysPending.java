package dev.celador.engine.internal.jwt;

import java.util.concurrent.CompletableFuture;

/**
 * A token cannot be decided yet: it names a key its issuer's set lacks, and a fetch that may bring
 * the key is running. The caller waits for {@link #fetch()} without blocking a thread, then
 * verifies again without deferring. Carries no stack trace: an expected outcome, not a bug.
 */
public final class KeysPending extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient CompletableFuture<KeySet> fetch;

  KeysPending(CompletableFuture<KeySet> fetch) {
    super("keys are being fetched", null, false, false);
    this.fetch = fetch;
  }

  /**
   * Completes when the fetch ends, or exceptionally once the fetch timeout has passed; see {@link
   * KeySource#refreshForUnknownKey()}.
   */
  public CompletableFuture<KeySet> fetch() {
    return fetch;
  }
}
